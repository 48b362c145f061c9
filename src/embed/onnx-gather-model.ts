import { bytesField, protoMessage, stringField, varintField, type ProtoField } from './protobuf.ts';

// Field numbers and enum values from onnx/onnx.proto (IR version 8).
const ONNX_IR_VERSION = 8;
const ONNX_OPSET = 13;
const TENSOR_FLOAT = 1;
const TENSOR_INT64 = 7;

/** A float matrix stored row after row, `rows × columns` values. */
export interface EmbeddingTable {
  readonly rows: number;
  readonly columns: number;
  readonly values: Float32Array;
}

/** A shape dimension: a fixed size, or a symbolic name such as `batch`. */
type Dimension = number | string;

function dimension(value: Dimension): ProtoField {
  // TensorShapeProto.Dimension: dim_value = 1, dim_param = 2.
  return bytesField(1, protoMessage([typeof value === 'number' ? varintField(1, value) : stringField(2, value)]));
}

function valueInfo(name: string, elementType: number, shape: readonly Dimension[]): Uint8Array {
  // ValueInfoProto { name = 1; type = 2 } → TypeProto { tensor_type = 1 } → Tensor { elem_type = 1; shape = 2 }.
  const tensorType = protoMessage([varintField(1, elementType), bytesField(2, protoMessage(shape.map(dimension)))]);
  return protoMessage([stringField(1, name), bytesField(2, protoMessage([bytesField(1, tensorType)]))]);
}

function floatTensor(name: string, table: EmbeddingTable): Uint8Array {
  // Little-endian whatever the host, so the file is byte-identical everywhere.
  const raw = new Uint8Array(table.values.length * 4);
  const view = new DataView(raw.buffer);
  table.values.forEach((value, index) => view.setFloat32(index * 4, value, true));
  // TensorProto { dims = 1; data_type = 2; name = 8; raw_data = 9 }.
  return protoMessage([
    varintField(1, table.rows),
    varintField(1, table.columns),
    varintField(2, TENSOR_FLOAT),
    stringField(8, name),
    bytesField(9, raw),
  ]);
}

/**
 * Encodes an ONNX model whose whole computation is a lookup: `last_hidden_state[b, s] =
 * table[input_ids[b, s]]`. It has the inputs and output of a BERT encoder export, so
 * Transformers.js loads it as one; `attention_mask` is accepted and only used by pooling.
 */
export function encodeGatherModel(table: EmbeddingTable): Uint8Array {
  const inputIds = valueInfo('input_ids', TENSOR_INT64, ['batch_size', 'sequence_length']);
  const attentionMask = valueInfo('attention_mask', TENSOR_INT64, ['batch_size', 'sequence_length']);
  const output = valueInfo('last_hidden_state', TENSOR_FLOAT, ['batch_size', 'sequence_length', table.columns]);
  // NodeProto { input = 1; output = 2; name = 3; op_type = 4 }; Gather's default axis is 0.
  const gather = protoMessage([
    stringField(1, 'embeddings'),
    stringField(1, 'input_ids'),
    stringField(2, 'last_hidden_state'),
    stringField(3, 'lookup'),
    stringField(4, 'Gather'),
  ]);
  // GraphProto { node = 1; name = 2; initializer = 5; input = 11; output = 12 }.
  const graph = protoMessage([
    bytesField(1, gather),
    stringField(2, 'tiny-embedder'),
    bytesField(5, floatTensor('embeddings', table)),
    bytesField(11, inputIds),
    bytesField(11, attentionMask),
    bytesField(12, output),
  ]);
  // ModelProto { ir_version = 1; producer_name = 2; graph = 7; opset_import = 8 { domain = 1; version = 2 } }.
  return protoMessage([
    varintField(1, ONNX_IR_VERSION),
    stringField(2, 'citebot'),
    bytesField(7, graph),
    bytesField(8, protoMessage([stringField(1, ''), varintField(2, ONNX_OPSET)])),
  ]);
}
