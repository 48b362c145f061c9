/**
 * A copy of `array` lengthened to `length` (the added elements are zero): growth for the index's typed-array buffers.
 */
export function grown<T extends Int32Array | Uint32Array | Uint16Array | Uint8Array>(array: T, length: number): T {
  const copy = new (array.constructor as new (length: number) => T)(length);
  copy.set(array);
  return copy;
}
