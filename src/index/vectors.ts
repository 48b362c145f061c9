/**
 * Flat vector scan: every vector lives once in one contiguous Float32Array (row-major, unit
 * length), and a query is a dot product against each row. At tens of thousands of passages
 * this beats any approximate structure in JavaScript and gives exact cosines.
 */

/**
 * The `k` best of `candidates` by `scores` (highest first; ties by lower index, so results
 * are stable). A bounded min-heap: one comparison per candidate once it is full.
 */
export function topK(scores: Float32Array, k: number, candidates?: readonly number[]): number[] {
  if (k <= 0) return [];
  const heap: number[] = [];
  const worse = (a: number, b: number): boolean => scores[a]! < scores[b]! || (scores[a] === scores[b] && a > b);
  const siftDown = (): void => {
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && worse(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < heap.length && worse(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === i) return;
      [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
      i = smallest;
    }
  };
  const offer = (index: number): void => {
    if (heap.length < k) {
      heap.push(index);
      for (let i = heap.length - 1; i > 0;) {
        const parent = (i - 1) >> 1;
        if (!worse(heap[i]!, heap[parent]!)) break;
        [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
        i = parent;
      }
    } else if (worse(heap[0]!, index)) {
      heap[0] = index;
      siftDown();
    }
  };
  if (candidates) for (const index of candidates) offer(index);
  else for (let index = 0; index < scores.length; index++) offer(index);
  return heap.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
}
