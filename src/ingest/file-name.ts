/** The file name without folders and extension, as words: `maroc-france_2024.txt` → "Maroc france 2024". */
export function titleFromFileName(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  const words = (dot > 0 ? base.slice(0, dot) : base).replace(/[-_.\s]+/g, ' ').trim();
  return words === '' ? base : words.charAt(0).toUpperCase() + words.slice(1);
}
