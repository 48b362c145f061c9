/**
 * Just enough of the protobuf wire format to write an ONNX file by hand: varint and
 * length-delimited fields. A message is the concatenation of its encoded fields.
 */

const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;
const textEncoder = new TextEncoder();

/** One encoded field (tag + payload), ready to concatenate into a message. */
export type ProtoField = Uint8Array;

function varint(value: number | bigint): Uint8Array {
  let remaining = BigInt(value);
  if (remaining < 0n) {
    // Negative int64 values are written as their 64-bit two's complement.
    remaining = BigInt.asUintN(64, remaining);
  }
  const bytes: number[] = [];
  do {
    const low = Number(remaining & 0x7fn);
    remaining >>= 7n;
    bytes.push(remaining === 0n ? low : low | 0x80);
  } while (remaining !== 0n);
  return Uint8Array.from(bytes);
}

function tag(fieldNumber: number, wireType: number): Uint8Array {
  return varint((fieldNumber << 3) | wireType);
}

/** Concatenates fields into one message body. */
export function protoMessage(fields: readonly ProtoField[]): Uint8Array {
  const length = fields.reduce((sum, field) => sum + field.length, 0);
  const out = new Uint8Array(length);
  let offset = 0;
  for (const field of fields) {
    out.set(field, offset);
    offset += field.length;
  }
  return out;
}

/** An int32/int64/enum field. */
export function varintField(fieldNumber: number, value: number | bigint): ProtoField {
  return protoMessage([tag(fieldNumber, WIRE_VARINT), varint(value)]);
}

/** A bytes field, or an embedded message when `bytes` is a {@link protoMessage}. */
export function bytesField(fieldNumber: number, bytes: Uint8Array): ProtoField {
  return protoMessage([tag(fieldNumber, WIRE_LENGTH_DELIMITED), varint(bytes.length), bytes]);
}

/** A UTF-8 string field. */
export function stringField(fieldNumber: number, text: string): ProtoField {
  return bytesField(fieldNumber, textEncoder.encode(text));
}
