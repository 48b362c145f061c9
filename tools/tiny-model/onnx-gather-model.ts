import protobuf from 'protobufjs';

/**
 * The part of ONNX's own schema (onnx/onnx.proto, IR version 8) that a one-node model uses,
 * with ONNX's field names and numbers, encoded by protobufjs.
 */
const ONNX_SCHEMA = `
syntax = "proto2";
package onnx;
message OperatorSetIdProto { optional string domain = 1; optional int64 version = 2; }
message TensorShapeProto {
  message Dimension { oneof value { int64 dim_value = 1; string dim_param = 2; } }
  repeated Dimension dim = 1;
}
message TypeProto {
  message Tensor { optional int32 elem_type = 1; optional TensorShapeProto shape = 2; }
  oneof value { Tensor tensor_type = 1; }
}
message ValueInfoProto { optional string name = 1; optional TypeProto type = 2; }
message TensorProto {
  repeated int64 dims = 1;
  optional int32 data_type = 2;
  optional string name = 8;
  optional bytes raw_data = 9;
}
message AttributeProto {
  optional string name = 1;
  optional int64 i = 3;
  optional int32 type = 20;
}
message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  optional string name = 3;
  optional string op_type = 4;
  repeated AttributeProto attribute = 5;
}
message GraphProto {
  repeated NodeProto node = 1;
  optional string name = 2;
  repeated TensorProto initializer = 5;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
}
message ModelProto {
  optional int64 ir_version = 1;
  optional string producer_name = 2;
  optional GraphProto graph = 7;
  repeated OperatorSetIdProto opset_import = 8;
}
`;

const ONNX_IR_VERSION = 8;
const ONNX_OPSET = 13;
// TensorProto.DataType values.
const TENSOR_FLOAT = 1;
const TENSOR_UINT8 = 2;
const TENSOR_INT64 = 7;
// AttributeProto.AttributeType.INT
const ATTRIBUTE_INT = 2;

const ModelProto = protobuf.parse(ONNX_SCHEMA, { keepCase: true }).root.lookupType('onnx.ModelProto');

/** A float matrix stored row after row, `rows × columns` values. */
export interface EmbeddingTable {
  readonly rows: number;
  readonly columns: number;
  readonly values: Float32Array;
}

/** A shape dimension: a fixed size, or a symbolic name such as `batch`. */
type Dimension = number | string;

function valueInfo(name: string, elem_type: number, shape: readonly Dimension[]) {
  const dim = shape.map((size) => (typeof size === 'number' ? { dim_value: size } : { dim_param: size }));
  return { name, type: { tensor_type: { elem_type, shape: { dim } } } };
}

function littleEndianBytes(values: Float32Array): Uint8Array {
  // Little-endian whatever the host, so the file is byte-identical everywhere.
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  values.forEach((value, index) => view.setFloat32(index * 4, value, true));
  return raw;
}

/** The graph's inputs and output: those of a BERT encoder export, so Transformers.js loads it as one. */
function encoderInterface(columns: number) {
  return {
    input: [
      valueInfo('input_ids', TENSOR_INT64, ['batch_size', 'sequence_length']),
      valueInfo('attention_mask', TENSOR_INT64, ['batch_size', 'sequence_length']),
    ],
    output: [valueInfo('last_hidden_state', TENSOR_FLOAT, ['batch_size', 'sequence_length', columns])],
  };
}

function encodeModel(graph: Record<string, unknown>): Uint8Array {
  const model = ModelProto.fromObject({
    ir_version: ONNX_IR_VERSION,
    producer_name: 'citebot',
    graph,
    opset_import: [{ domain: '', version: ONNX_OPSET }],
  });
  return ModelProto.encode(model).finish();
}

/**
 * Encodes an ONNX model whose whole computation is a lookup: `last_hidden_state[b, s] =
 * table[input_ids[b, s]]`. It has the inputs and output of a BERT encoder export, so
 * Transformers.js loads it as one; `attention_mask` is accepted and only used by pooling.
 */
export function encodeGatherModel(table: EmbeddingTable): Uint8Array {
  return encodeModel({
    // Gather's default axis is 0: one table row per token id.
    node: [{ input: ['embeddings', 'input_ids'], output: ['last_hidden_state'], name: 'lookup', op_type: 'Gather' }],
    name: 'tiny-embedder',
    initializer: [
      {
        dims: [table.rows, table.columns],
        data_type: TENSOR_FLOAT,
        name: 'embeddings',
        raw_data: littleEndianBytes(table.values),
      },
    ],
    ...encoderInterface(table.columns),
  });
}

/** Per-row asymmetric uint8 quantization: `value ≈ (q - zeroPoint[row]) × scale[row]`, 0 exactly representable. */
function quantizeRows(table: EmbeddingTable): { values: Uint8Array; scales: Float32Array; zeroPoints: Uint8Array } {
  const values = new Uint8Array(table.values.length);
  const scales = new Float32Array(table.rows);
  const zeroPoints = new Uint8Array(table.rows);
  for (let row = 0; row < table.rows; row++) {
    const rowValues = table.values.subarray(row * table.columns, (row + 1) * table.columns);
    let low = 0;
    let high = 0;
    for (const value of rowValues) {
      low = Math.min(low, value);
      high = Math.max(high, value);
    }
    const scale = high > low ? (high - low) / 255 : 1;
    const zeroPoint = Math.min(255, Math.max(0, Math.round(-low / scale)));
    scales[row] = scale;
    zeroPoints[row] = zeroPoint;
    rowValues.forEach((value, column) => {
      values[row * table.columns + column] = Math.min(255, Math.max(0, Math.round(value / scale) + zeroPoint));
    });
  }
  return { values, scales, zeroPoints };
}

/**
 * The same lookup with the table stored as 8-bit integers (a quarter of the bytes), one scale and zero point per
 * row, dequantized by ONNX's DequantizeLinear before the Gather: the layout of a `q8` (model_quantized.onnx) export.
 * Its vectors are within one quantization step of {@link encodeGatherModel}'s.
 */
export function encodeQuantizedGatherModel(table: EmbeddingTable): Uint8Array {
  const { values, scales, zeroPoints } = quantizeRows(table);
  return encodeModel({
    node: [
      {
        input: ['embeddings_quantized', 'embeddings_scale', 'embeddings_zero_point'],
        output: ['embeddings'],
        name: 'dequantize',
        op_type: 'DequantizeLinear',
        attribute: [{ name: 'axis', i: 0, type: ATTRIBUTE_INT }],
      },
      { input: ['embeddings', 'input_ids'], output: ['last_hidden_state'], name: 'lookup', op_type: 'Gather' },
    ],
    name: 'tiny-embedder-quantized',
    initializer: [
      { dims: [table.rows, table.columns], data_type: TENSOR_UINT8, name: 'embeddings_quantized', raw_data: values },
      { dims: [table.rows], data_type: TENSOR_FLOAT, name: 'embeddings_scale', raw_data: littleEndianBytes(scales) },
      { dims: [table.rows], data_type: TENSOR_UINT8, name: 'embeddings_zero_point', raw_data: zeroPoints },
    ],
    ...encoderInterface(table.columns),
  });
}
