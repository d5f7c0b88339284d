#!/usr/bin/python3
"""Writes a LLaMA safetensors checkpoint (bf16, as whole_model_bench writes it) as a GGUF file for
llama.cpp's llama-bench, so both programs run the same weights side by side.

usage: bench/write_gguf.py CHECKPOINT_DIR OUT.gguf --type f16|bf16 --gguf-py LLAMA_CPP/gguf-py

Needs llama.cpp's gguf-py (pure Python + NumPy; not part of this repository, pass its folder).
Tensor names and the q/k row order follow llama.cpp's convert_hf_to_gguf.py (its rotary layout
interleaves the two halves of each head's rows). No tokenizer is stored: llama.cpp's "none"
vocabulary with the config's vocab_size is enough for llama-bench, which feeds random token ids.
Tensors are converted and written one at a time (a 3B model never sits in memory as a whole).
"""
import argparse
import json
import struct
import sys

import numpy as np


def read_safetensors(path):
    """name -> (dtype string, shape, np.memmap of the raw bytes)."""
    with open(path, "rb") as f:
        (header_len,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(header_len))
    data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + header_len)
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        out[name] = (info["dtype"], info["shape"], data[begin:end])
    return out


def as_bf16_bits(dtype, shape, raw):
    if dtype == "BF16":
        return raw.view(np.uint16).reshape(shape)
    if dtype == "F32":
        return (raw.view(np.uint32).reshape(shape) >> 16).astype(np.uint16)  # not used by the bench's files
    raise SystemExit(f"write_gguf.py: tensor dtype {dtype} is not handled (bf16 checkpoints only)")


def bf16_to_f32(bits):
    return (bits.astype(np.uint32) << 16).view(np.float32)


def gguf_name(hf):
    fixed = {"model.embed_tokens.weight": "token_embd.weight", "model.norm.weight": "output_norm.weight",
             "lm_head.weight": "output.weight"}
    if hf in fixed:
        return fixed[hf]
    parts = hf.split(".")  # model.layers.N.<block>.<name>.weight
    layer, rest = parts[2], ".".join(parts[3:])
    names = {"self_attn.q_proj.weight": "attn_q", "self_attn.k_proj.weight": "attn_k",
             "self_attn.v_proj.weight": "attn_v", "self_attn.o_proj.weight": "attn_output",
             "mlp.gate_proj.weight": "ffn_gate", "mlp.up_proj.weight": "ffn_up", "mlp.down_proj.weight": "ffn_down",
             "input_layernorm.weight": "attn_norm", "post_attention_layernorm.weight": "ffn_norm"}
    return f"blk.{layer}.{names[rest]}.weight"


def permute_rows(bits, heads):
    """HF's rotate-half row order to llama.cpp's interleaved one (convert_hf_to_gguf.py's permute)."""
    rows = bits.shape[0]
    return bits.reshape(heads, 2, rows // heads // 2, *bits.shape[1:]).swapaxes(1, 2).reshape(bits.shape)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkpoint")
    parser.add_argument("out")
    parser.add_argument("--type", choices=["f16", "bf16"], required=True)
    parser.add_argument("--gguf-py", required=True, help="llama.cpp's gguf-py folder")
    args = parser.parse_args()
    sys.path.insert(0, args.gguf_py)
    import gguf  # noqa: E402 (found through --gguf-py)

    with open(f"{args.checkpoint}/config.json") as f:
        config = json.load(f)
    tensors = read_safetensors(f"{args.checkpoint}/model.safetensors")
    heads = config["num_attention_heads"]
    heads_kv = config.get("num_key_value_heads", heads)
    hidden = config["hidden_size"]

    writer = gguf.GGUFWriter(args.out, "llama")
    writer.add_context_length(config.get("max_position_embeddings", 2048))
    writer.add_embedding_length(hidden)
    writer.add_block_count(config["num_hidden_layers"])
    writer.add_feed_forward_length(config["intermediate_size"])
    writer.add_head_count(heads)
    writer.add_head_count_kv(heads_kv)
    writer.add_rope_dimension_count(hidden // heads)
    writer.add_rope_freq_base(config.get("rope_theta", 10000.0))
    writer.add_layer_norm_rms_eps(config.get("rms_norm_eps", 1e-6))
    writer.add_vocab_size(config["vocab_size"])
    writer.add_tokenizer_model("none")
    half = gguf.GGMLQuantizationType.BF16 if args.type == "bf16" else gguf.GGMLQuantizationType.F16
    writer.add_file_type(gguf.LlamaFileType.MOSTLY_BF16 if args.type == "bf16" else gguf.LlamaFileType.MOSTLY_F16)

    order = sorted(tensors)

    def converted(name):
        dtype, shape, raw = tensors[name]
        bits = as_bf16_bits(dtype, shape, raw)
        if name.endswith("q_proj.weight"):
            bits = permute_rows(bits, heads)
        elif name.endswith("k_proj.weight"):
            bits = permute_rows(bits, heads_kv)
        if len(shape) == 1:  # norms stay fp32, as llama.cpp's converter keeps them
            return bf16_to_f32(bits)
        if args.type == "bf16":
            return np.ascontiguousarray(bits)
        return bf16_to_f32(bits).astype(np.float16)

    for name in order:
        dtype, shape, raw = tensors[name]
        is_norm = len(shape) == 1
        np_dtype = np.float32 if is_norm else (np.uint16 if args.type == "bf16" else np.float16)
        nbytes = int(np.prod(shape)) * np.dtype(np_dtype).itemsize
        writer.add_tensor_info(gguf_name(name), shape, np.dtype(np_dtype), nbytes,
                               raw_dtype=None if is_norm or args.type == "f16" else half)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_ti_data_to_file()
    for name in order:
        writer.write_tensor_data(converted(name))
    writer.close()


if __name__ == "__main__":
    main()
