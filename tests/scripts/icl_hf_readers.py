"""The TREC and WebQuestions files read as the HF `datasets` loaders read them (trec v1.1.0:
byte 0xF0 -> space, strip, split at the first space and the first colon; web_questions: its
targetValue regex), for the Python references of tests/icl. Written from those loaders' rules,
independent of the C++ in tasks/icl."""
import json
import re


def read_trec(path):
    """[(coarse, fine, text), ...]"""
    rows = []
    with open(path, "rb") as f:
        for raw in f:
            label, _, text = raw.replace(b"\xf0", b" ").strip().decode().partition(" ")
            coarse, _, fine = label.partition(":")
            rows.append((coarse, fine, text))
    return rows


def target_answers(target):
    target = re.sub(r"^\(list |\)$", "", target)
    return ["".join(a) for a in re.findall(r'\(description (?:"([^"]+?)"|([^)]+?))\)\w*', target)]


def read_webqs(path):
    """[(utterance, [answers...]), ...]"""
    with open(path, encoding="utf-8") as f:
        return [(ex["utterance"], target_answers(ex["targetValue"])) for ex in json.load(f)]
