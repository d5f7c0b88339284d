#!/usr/bin/python3
"""Golden RULER samples for tests/ruler, made by RULER's own generator code (not by this project).

Runs NVIDIA/RULER's scripts/data/prepare.py (a checkout at commit c3f5e3b, passed as --ruler) for
each case below with the OpenLLaMA v1 tokenizer, then writes one digest line per sample to --out:
the prompt's SHA-256 (the prompts are 2-40 kB each), the answer prefix, the reference outputs and
RULER's length. Packages RULER needs that Debian lacks are replaced by stand-ins written here:
  - wonderwords: random_word._get_words_from_text_file(name) reads <data>/ruler/<name>, line.rstrip()
    per line (as wonderwords 3.0.0 does);
  - nemo's SentencePieceTokenizer: text_to_tokens = python3-sentencepiece's encode_as_pieces;
  - tenacity: no-op decorators (only the Gemini tokenizer uses them);
  - english_words.json (a Git LFS object): an empty JSON object; no case here needs more distinct
    words than the word lists hold, and RULER reads it only then;
  - NLTK's punkt data: an empty directory (only the essay haystack, not covered, splits sentences).
RULER's synthetic.yaml gains three local entries that only change type_haystack or num_needle_q
(niah_multivalue and niah_multiquery default to the essay haystack).
Needs Debian's python3-numpy, python3-scipy, python3-yaml, python3-sentencepiece, python3-nltk, python3-tqdm.

  /usr/bin/python3 tests/scripts/ruler_make_golden.py --ruler /path/to/RULER --data ../shared/data \
      --out tests/ruler/golden/ruler_c3f5e3b.jsonl
"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess
import tempfile

# (RULER task as prepare.py names it, the project's task name, settings that differ from its defaults)
CASES = [
    ("niah_single_1", "niah_single_1", {}),
    ("niah_multikey_2", "niah_multikey_2", {}),
    ("niah_multikey_3", "niah_multikey_3", {}),
    ("niah_multivalue_noise", "niah_multivalue", {"type_haystack": "noise"}),
    ("niah_multivalue_needle", "niah_multivalue", {"type_haystack": "needle"}),
    ("niah_multiquery_noise", "niah_multiquery", {"type_haystack": "noise"}),
    ("vt", "vt", {}),
    ("cwe", "cwe", {}),
    ("fwe", "fwe", {}),
]
LOCAL_ENTRIES = """
niah_multivalue_noise:
  task: niah
  args: {type_haystack: noise, type_needle_k: words, type_needle_v: numbers, num_needle_k: 1, num_needle_v: 4, num_needle_q: 1}
niah_multivalue_needle:
  task: niah
  args: {type_haystack: needle, type_needle_k: words, type_needle_v: numbers, num_needle_k: 1, num_needle_v: 4, num_needle_q: 1}
niah_multiquery_noise:
  task: niah
  args: {type_haystack: noise, type_needle_k: words, type_needle_v: numbers, num_needle_k: 1, num_needle_v: 1, num_needle_q: 4}
"""
# Settings and seeds other than synthetic.yaml's: each generator script run directly with the
# arguments prepare.py would pass (its template + answer prefix from constants.py).
# (name, project task, generator script, max_seq_length, random_seed, arguments)
VARIANTS = [
    ("v1", "niah_multikey_1", "niah", 5000, 7, {"type_haystack": "noise", "type_needle_k": "words",
     "type_needle_v": "words", "num_needle_k": 3, "num_needle_v": 2, "num_needle_q": 2}),
    ("v2", "niah_multikey_3", "niah", 5000, 123, {"type_haystack": "needle", "type_needle_k": "numbers",
     "type_needle_v": "uuids", "num_needle_k": 2, "num_needle_v": 1, "num_needle_q": 1}),
    ("v3", "vt", "variable_tracking", 6000, 1, {"num_chains": 2, "num_hops": 3}),
    ("v4", "cwe", "common_words_extraction", 3500, 99, {"freq_cw": 20, "freq_ucw": 2, "num_cw": 5}),
    ("v5", "fwe", "freq_words_extraction", 6000, 42, {"alpha": 2.5}),
    ("v6", "niah_single_1", "niah", 4096, 42, {"type_haystack": "noise", "type_needle_k": "uuids",
     "type_needle_v": "numbers", "num_needle_k": 1, "num_needle_v": 1, "num_needle_q": 1}),
    ("v7", "cwe", "common_words_extraction", 2500, 5, {"freq_cw": 30, "freq_ucw": 3, "num_cw": 10, "num_fewshot": 2}),
    ("v8", "fwe", "freq_words_extraction", 7000, 42, {"alpha": 2.0, "coded_wordlen": 4, "vocab_size": 300}),
]
VARIANT_SAMPLES = {"v1": 4, "v6": 5}  # else 3

# RULER loops for ever where even its smallest haystack does not fit (vt and cwe below 1024 tokens,
# niah_multikey_3 at 512), so those pairs are left out.
LENGTHS = [1024, 2048, 4096, 8192]
SKIP = {("niah_multikey_3", 512)}

SHIMS = {
    "wonderwords/__init__.py": "from . import random_word\n",
    "wonderwords/random_word.py": (
        "import os\n"
        "def _get_words_from_text_file(name):\n"
        "    with open(os.path.join(os.environ['RULER_WORDS'], name)) as f:\n"
        "        return [line.rstrip() for line in f]\n"),
    "nemo/__init__.py": "",
    "nemo/collections/__init__.py": "",
    "nemo/collections/common/__init__.py": "",
    "nemo/collections/common/tokenizers/__init__.py": "",
    "nemo/collections/common/tokenizers/sentencepiece_tokenizer.py": (
        "import sentencepiece\n"
        "class SentencePieceTokenizer:\n"
        "    def __init__(self, model_path):\n"
        "        self.tokenizer = sentencepiece.SentencePieceProcessor(model_file=model_path)\n"
        "    def text_to_tokens(self, text):\n"
        "        return self.tokenizer.encode_as_pieces(text)\n"),
    "tenacity.py": (
        "def retry(*a, **k):\n    return lambda f: f\n"
        "def stop_after_attempt(*a):\n    return None\n"
        "def wait_fixed(*a):\n    return 0\n"
        "def wait_random(*a):\n    return 0\n"),
}


def make_work_dir(ruler, work):
    shutil.copytree(os.path.join(ruler, "scripts"), os.path.join(work, "scripts"))
    with open(os.path.join(work, "scripts/synthetic.yaml"), "a") as f:
        f.write("\n" + LOCAL_ENTRIES)
    with open(os.path.join(work, "scripts/data/synthetic/json/english_words.json"), "w") as f:
        f.write("{}")
    for path, text in SHIMS.items():
        full = os.path.join(work, "shims", path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(text)
    os.makedirs(os.path.join(work, "nltk_data/tokenizers/punkt/PY3"))
    os.makedirs(os.path.join(work, "bin"))
    os.symlink("/usr/bin/python3", os.path.join(work, "bin/python"))  # prepare.py runs `python`


def run_ruler(work, data, task, length, num_samples, out_dir):
    env = dict(os.environ, PATH=os.path.join(work, "bin") + ":" + os.environ["PATH"],
               PYTHONPATH=os.path.join(work, "shims"), NLTK_DATA=os.path.join(work, "nltk_data"),
               RULER_WORDS=os.path.join(data, "ruler"))
    subprocess.run(["python", "prepare.py", "--save_dir", out_dir, "--benchmark", "synthetic", "--task", task,
                    "--tokenizer_path", os.path.join(data, "open_llama_tokenizer/tokenizer.model"),
                    "--tokenizer_type", "nemo", "--max_seq_length", str(length), "--model_template_type", "base",
                    "--num_samples", str(num_samples)],
                   cwd=os.path.join(work, "scripts/data"), env=env, check=True, timeout=1800,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def run_variant(work, data, script, length, seed, arguments, num_samples, out_dir):
    import sys
    sys.path.insert(0, os.path.join(work, "scripts/data/synthetic"))
    from constants import TASKS
    t = TASKS[script]
    env = dict(os.environ, PATH=os.path.join(work, "bin") + ":" + os.environ["PATH"],
               PYTHONPATH=os.path.join(work, "shims"), NLTK_DATA=os.path.join(work, "nltk_data"),
               RULER_WORDS=os.path.join(data, "ruler"))
    command = ["python", script + ".py", "--save_dir", out_dir, "--save_name", "x", "--tokenizer_path",
               os.path.join(data, "open_llama_tokenizer/tokenizer.model"), "--tokenizer_type", "nemo",
               "--max_seq_length", str(length), "--tokens_to_generate", str(t["tokens_to_generate"]),
               "--num_samples", str(num_samples), "--random_seed", str(seed),
               "--template", t["template"] + t["answer_prefix"]]
    for key, value in arguments.items():
        command += ["--" + key, str(value)]
    subprocess.run(command, cwd=os.path.join(work, "scripts/data/synthetic"), env=env, check=True, timeout=1800,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def digest(ruler_task, task, settings, length, path):
    lines = []
    with open(path) as f:
        for index, line in enumerate(f):
            sample = json.loads(line)
            lines.append({"task": task, "settings": settings, "ruler_task": ruler_task, "max_seq_length": length,
                          "index": index, "input_sha256": hashlib.sha256(sample["input"].encode()).hexdigest(),
                          "answer_prefix": sample["answer_prefix"], "outputs": sample["outputs"],
                          "length": sample["length"]})
    return lines


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ruler", required=True, help="NVIDIA/RULER checkout at c3f5e3b")
    parser.add_argument("--data", required=True, help="the shared data folder (ruler/, open_llama_tokenizer/)")
    parser.add_argument("--out", required=True)
    parser.add_argument("--num_samples", type=int, default=3)
    parser.add_argument("--existing", help="a folder of earlier prepare.py outputs (<length>/<task>/validation.jsonl)")
    parser.add_argument("--existing_variants", help="a folder of earlier variant outputs (<name>/x/validation.jsonl)")
    args = parser.parse_args()
    lines = []
    with tempfile.TemporaryDirectory() as work:
        if not (args.existing and args.existing_variants):
            make_work_dir(args.ruler, work)
        for length in LENGTHS:
            for ruler_task, task, settings in CASES:
                if (ruler_task, length) in SKIP:
                    continue
                root = args.existing or os.path.join(work, "out")
                path = os.path.join(root, str(length), ruler_task, "validation.jsonl")
                if not args.existing:
                    run_ruler(work, args.data, ruler_task, length, args.num_samples, os.path.join(root, str(length)))
                lines += digest(ruler_task, task, settings, length, path)
        for name, task, script, length, seed, arguments in VARIANTS:
            root = args.existing_variants or os.path.join(work, "variants")
            if not args.existing_variants:
                run_variant(work, args.data, script, length, seed, arguments, VARIANT_SAMPLES.get(name, 3),
                            os.path.join(root, name))
            settings = dict(arguments, random_seed=seed)
            lines += digest(name, task, settings, length, os.path.join(root, name, "x", "validation.jsonl"))
    with open(args.out, "w") as f:
        for line in lines:
            f.write(json.dumps(line) + "\n")


if __name__ == "__main__":
    main()
