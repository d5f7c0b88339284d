#!/usr/bin/python3
"""Golden tokenizer outputs from Debian's python3-sentencepiece, for tests/tokenizer.

For each real tokenizer (OpenLLaMA v1, v2, stories260K tok512) writes <out>/<name>.json with the
special ids, the whole piece table, and for a few hundred strings (a hand list plus strings drawn
with a fixed seed) the ids, pieces and decode(ids); plus decodes of random id sequences.
"""
import argparse
import hashlib
import json
import os
import random
import sys

import sentencepiece as spm

MODELS = {
    "v1": "open_llama_tokenizer/tokenizer.model",
    "v2": "open_llama_tokenizer/tokenizer_ol_v2.model",
    "tok512": "stories260K/tok512.model",
}

FILLER = "The grass is green. The sky is blue. The sun is yellow. Here we go. There and back again. "
PASSKEY_INTRO = ("There is an important info hidden inside a lot of irrelevant text. Find it and memorize them. "
                 "I will quiz you about the important information there.\n")

HAND = [
    "", " ", "  ", "   ", "\t", "\n", "\n\n", "\r\n", " \t \n ", "a", "A", ".", "?", "!",
    "Hello world! The pass key is 71432. Remember it.",
    "Question: What is the capital of France?\nType: LOC",
    "  two  spaces\tand\ttabs",
    "naïve café 東京",
    "0", "7", "42", "1234567890", "00000", "3.14159", "-42", "+1", "1,000,000", "1e-5", "0x1F", "2023-11-07",
    "12:34:56", "$19.99", "100%", "A1B2C3", "v1.2.3",
    "   leading spaces", "trailing spaces   ", "a  b   c    d", "tab\there", "new\nline", "many\n\n\n\nnewlines",
    "mixed \t \n whitespace \t\t", "line1\nline2\r\nline3\rline4",
    "日本語のテキストです。", "中文文本测试，你好世界！", "한국어 텍스트", "Привет, мир!", "مرحبا بالعالم", "שלום עולם",
    "Καλημέρα κόσμε", "नमस्ते दुनिया", "สวัสดีชาวโลก", "Xin chào thế giới", "Zażółć gęślą jaźń", "Straße ß ẞ",
    "😀", "😀🎉👍🏽", "👨‍👩‍👧‍👦", "🇵🇱🇫🇷", "I ❤️ NY", "☃ ★ ♫ ✓ ∑ ∞ ≠ ≤ → ←",
    "e\u0301", "é", "a\u0308\u0304", "Z\u0324\u0354\u0367\u0311\u0313a\u0356\u032d\u0308\u0307l\u036e\u0312g\u0317o",
    "ＡＢＣ１２３", "ﬁ ﬂ", "\u00a0nbsp\u00a0", "zero\u200bwidth\u200cjoin\u200d", "\ufeffbom", "\u2028\u2029",
    "<s>", "</s>", "<unk>", "<0x41>", "<s>Hello</s>", "▁", "▁▁x", "\u2581 literal lower one eighth block",
    "\x01\x02\x1f\x7f", "a\x00b", "\x00",
    "def f(x):\n    return x ** 2\n", "for (int i = 0; i < n; ++i) { sum += a[i]; }", '{"key": [1, 2, 3], "x": null}',
    "https://github.com/CStanKonrad/long_llama", "user@example.com", "C++ and C# and F#", "snake_case CamelCase",
    "Once upon a time, there was a little girl named Lily.",
    "Question: Who wrote Hamlet?\nAnswer:",
    PASSKEY_INTRO + FILLER * 3 + "The pass key is 68194. Remember it. 68194 is the pass key. " + FILLER * 2 +
    "What is the pass key? The pass key is",
    FILLER * 200,
    "x" * 3000,
    " " * 500 + "spaces" + " " * 500,
    "9" * 1000,
    ("東京" * 700),
    ("😀" * 300),
]

WORDS = ("the of and to in is was it for on with as at by an be this that from have or not but are were which "
         "their one all would there been has more its who when will no if out so said what up about into than "
         "them can only other new some could time these two may then do first any like now my over such our man "
         "me even most made after also did many before must through back years where much your way well down "
         "pass key remember memory focused transformer context window longllama retrieval").split()

BLOCKS = [
    (0x20, 0x7e), (0xa0, 0xff), (0x100, 0x17f), (0x370, 0x3ff), (0x400, 0x4ff), (0x590, 0x5ff), (0x600, 0x6ff),
    (0x900, 0x97f), (0xe00, 0xe7f), (0x3040, 0x30ff), (0x4e00, 0x9fff), (0xac00, 0xd7a3), (0x300, 0x36f),
    (0x2000, 0x206f), (0x2190, 0x22ff), (0x1f300, 0x1f64f), (0x1f900, 0x1f9ff), (0xff00, 0xffef),
]
WHITESPACE = [" ", "  ", "   ", "\t", "\n", " \n", "\n\n", "\t\t", " \t"]


def random_ascii(rng):
    return "".join(chr(rng.randint(0x20, 0x7e)) for _ in range(rng.randint(1, 60)))


def random_words(rng):
    out = []
    for _ in range(rng.randint(1, 25)):
        word = rng.choice(WORDS)
        if rng.random() < 0.2:
            word = word.capitalize()
        if rng.random() < 0.1:
            word += rng.choice(".,;:!?")
        out.append(word)
        out.append(rng.choice(WHITESPACE) if rng.random() < 0.3 else " ")
    text = "".join(out)
    return text if rng.random() < 0.5 else text.strip()


def random_digits(rng):
    parts = ["".join(rng.choice("0123456789") for _ in range(rng.randint(1, 12))) for _ in range(rng.randint(1, 5))]
    return "".join(p + rng.choice(["", " ", ".", ",", "-", "/", ":", "  ", "\t"]) for p in parts)


def random_unicode(rng):
    out = []
    for _ in range(rng.randint(1, 40)):
        lo, hi = rng.choice(BLOCKS)
        out.append(chr(rng.randint(lo, hi)))
        if rng.random() < 0.15:
            out.append(rng.choice(WHITESPACE))
    return "".join(out)


def random_passkey(rng):
    key = str(rng.randint(1, 99999))
    before, after = rng.randint(0, 6), rng.randint(0, 6)
    return (PASSKEY_INTRO + FILLER * before + f"The pass key is {key}. Remember it. {key} is the pass key. " +
            FILLER * after + "What is the pass key? The pass key is")


def random_mixed(rng):
    makers = [random_ascii, random_words, random_digits, random_unicode]
    return rng.choice(WHITESPACE + [""]).join(rng.choice(makers)(rng) for _ in range(rng.randint(2, 5)))


def random_long(rng):
    return "".join(random_mixed(rng) for _ in range(rng.randint(40, 120)))


def strings():
    rng = random.Random(20231107)
    makers = [(random_ascii, 50), (random_words, 60), (random_digits, 40), (random_unicode, 60), (random_passkey, 15),
              (random_mixed, 60), (random_long, 5)]
    out = list(HAND)
    for maker, count in makers:
        out.extend(maker(rng) for _ in range(count))
    return out


def id_sequences(vocab_size):
    rng = random.Random(7 + vocab_size)
    seqs = [[], [0], [1], [2], [0, 1, 2], list(range(3, 259)), [vocab_size - 1]]
    for _ in range(60):
        seqs.append([rng.randrange(vocab_size) for _ in range(rng.randint(1, 40))])
    for _ in range(20):  # byte-fallback pieces only: often invalid UTF-8
        seqs.append([rng.randint(3, 258) for _ in range(rng.randint(1, 12))])
    return seqs


def reference(model_path, texts):
    sp = spm.SentencePieceProcessor(model_file=model_path)
    with open(model_path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    vocab = sp.get_piece_size()
    cases = []
    for text in texts:
        ids = sp.encode(text, out_type=int)
        cases.append({"text": text, "ids": ids, "pieces": sp.encode(text, out_type=str), "decoded": sp.decode(ids)})
    decodes = [{"ids": ids, "decoded": sp.decode(ids)} for ids in id_sequences(vocab)]
    absent = ["no such piece", "", "▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁", "<0x100>"]
    return {
        "model": model_path,
        "sha256": digest,
        "sentencepiece_version": spm.__version__,
        "vocab_size": vocab,
        "bos_id": sp.bos_id(),
        "eos_id": sp.eos_id(),
        "unk_id": sp.unk_id(),
        "pad_id": sp.pad_id(),
        "pieces": [sp.id_to_piece(i) for i in range(vocab)],
        "piece_ids": [sp.piece_to_id(sp.id_to_piece(i)) for i in range(vocab)],
        "piece_to_id": {piece: sp.piece_to_id(piece) for piece in absent},
        "cases": cases,
        "decodes": decodes,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", required=True, help="shared data folder (FOT_SHARED_DATA)")
    parser.add_argument("--out", required=True, help="output folder, e.g. FOT_GOLDEN_DIR/tokenizer")
    args = parser.parse_args()
    texts = strings()
    os.makedirs(args.out, exist_ok=True)
    for name, relative in MODELS.items():
        path = os.path.join(args.data, relative)
        if not os.path.isfile(path):
            sys.exit(f"tokenizer_reference.py: missing tokenizer {path}")
        with open(os.path.join(args.out, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(reference(path, texts), f, ensure_ascii=False)
    print(f"wrote {len(MODELS)} tokenizer references with {len(texts)} strings each to {args.out}")


if __name__ == "__main__":
    main()
