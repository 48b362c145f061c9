/**
 * A line of {@link buildMinimalPdf}: its text, set in 12-point Helvetica unless a size is given, or in Courier indented
 * by four characters (as typesetters set a code line) unless `flush` sets it at the left margin, as Texinfo does.
 */
export type MinimalPdfLine =
  | string
  | { readonly text: string; readonly size: number }
  | { readonly text: string; readonly monospace: true; readonly flush?: true };

/**
 * Builds a small valid PDF by hand: one text object per page (Helvetica, Courier where asked), one line per string
 * (ASCII only; parentheses and backslashes must not appear), 14 points apart. The xref offsets are computed, so
 * PDF.js reads it without repairing.
 */
export function buildMinimalPdf(pages: readonly (readonly MinimalPdfLine[])[]): Uint8Array {
  const fontId = 3 + pages.length * 2;
  const objects: string[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pages.map((_, index) => `${3 + index * 2} 0 R`).join(' ')}] /Count ${pages.length} >>`,
  ];
  pages.forEach((lines, index) => {
    const shown = lines.map((line) =>
      typeof line === 'string'
        ? `(${line}) '`
        : 'size' in line
          ? `/F1 ${line.size} Tf (${line.text}) ' /F1 12 Tf`
          : line.flush === true
            ? `/F2 12 Tf (${line.text}) ' /F1 12 Tf`
            : `/F2 12 Tf 48 0 Td (${line.text}) ' -48 0 Td /F1 12 Tf`,
    );
    const content = ['BT', '/F1 12 Tf', '72 720 Td', '14 TL', ...shown, 'ET'].join('\n');
    const fonts = `/Font << /F1 ${fontId} 0 R /F2 ${fontId + 1} 0 R >>`;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${4 + index * 2} 0 R /Resources << ${fonts} >> >>`,
      `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    );
  });
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>');

  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(pdf.length);
    pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefOffset = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return new TextEncoder().encode(pdf);
}
