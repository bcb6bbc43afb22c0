#!/usr/bin/env python3
"""Independent reference for the CLIP tokenizer tests (ImageSearch.Tests/Clip/ClipTokenizerTests.cs, ClipTextCleanupTests.cs).

A plain re-statement of openai/CLIP's clip/simple_tokenizer.py (MIT), written from its published algorithm:
bytes_to_unicode, vocab = 256 byte chars + the same with "</w>" + merged pairs + the two special tokens,
merges = lines[1:49152-256-2+1] of bpe_simple_vocab_16e6.txt.gz, the CLIP pre-tokenisation regex, the clean-up
whitespace_clean(basic_clean(text)).lower() with basic_clean = ftfy.fix_text, html.unescape twice, strip, and "</w>" on
the last symbol of each word, then <|startoftext|> ... <|endoftext|>, at most 77 tokens with <|endoftext|> kept last
(clip.tokenize(..., truncate=True)).

The clean-up uses the real libraries, as simple_tokenizer.py does: ftfy 6.3.1 (pure Python; `pip install ftfy==6.3.1`, or
PYTHONPATH=<a checkout of rspeer/python-ftfy at tag v6.3.1>), Python's html module, and the `regex` module for \\p{L} / \\p{N}.
The C# code leaves out ftfy's mojibake repair (fix_encoding): every text given here is also run through
ftfy.fix_text(text, fix_encoding=False), and the script stops if that differs, so no expected value depends on it.

Usage: python3 clip_reference_tokenizer.py VOCAB.gz [--json] [--step STEP] TEXT ...
  --json        each TEXT is a JSON string literal (for control characters): '"a\\r\\nb"'
  --step STEP   what to print per text: ids (default, space-separated), or as a JSON string the result of fix_text
                (ftfy.fix_text), unescape (html.unescape once), basic_clean, clean (whitespace_clean(basic_clean(t)).lower()),
                nfc (unicodedata.normalize("NFC", t)) or lower (str.lower)
Used once to derive the expected values hard-coded in the tests.
"""
import gzip
import html
import json
import sys
import unicodedata

import ftfy
import regex


def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


def get_pairs(word):
    return {(word[i], word[i + 1]) for i in range(len(word) - 1)}


def fix_text(text):
    fixed = ftfy.fix_text(text)
    if ftfy.fix_text(text, fix_encoding=False) != fixed:
        sys.exit(f"ftfy's mojibake repair changes {text!r}; the C# clean-up leaves it out, pick another text")
    return fixed


def basic_clean(text):
    return html.unescape(html.unescape(fix_text(text))).strip()


def whitespace_clean(text):
    return regex.sub(r"\s+", " ", text).strip()


def clean(text):
    return whitespace_clean(basic_clean(text)).lower()


class Reference:
    def __init__(self, path):
        self.byte_encoder = bytes_to_unicode()
        lines = gzip.open(path).read().decode("utf-8").split("\n")
        merges = [tuple(line.split()) for line in lines[1:49152 - 256 - 2 + 1]]
        vocab = list(self.byte_encoder.values())
        vocab = vocab + [v + "</w>" for v in vocab]
        vocab.extend("".join(m) for m in merges)
        vocab.extend(["<|startoftext|>", "<|endoftext|>"])
        self.encoder = dict(zip(vocab, range(len(vocab))))
        self.bpe_ranks = dict(zip(merges, range(len(merges))))
        self.cache = {"<|startoftext|>": "<|startoftext|>", "<|endoftext|>": "<|endoftext|>"}
        self.pat = regex.compile(
            r"""<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+""",
            regex.IGNORECASE)

    def bpe(self, token):
        if token in self.cache:
            return self.cache[token]
        word = tuple(token[:-1]) + (token[-1] + "</w>",)
        pairs = get_pairs(word)
        if not pairs:
            return token + "</w>"
        while True:
            bigram = min(pairs, key=lambda pair: self.bpe_ranks.get(pair, float("inf")))
            if bigram not in self.bpe_ranks:
                break
            first, second = bigram
            new_word = []
            i = 0
            while i < len(word):
                try:
                    j = word.index(first, i)
                    new_word.extend(word[i:j])
                    i = j
                except ValueError:
                    new_word.extend(word[i:])
                    break
                if word[i] == first and i < len(word) - 1 and word[i + 1] == second:
                    new_word.append(first + second)
                    i += 2
                else:
                    new_word.append(word[i])
                    i += 1
            word = tuple(new_word)
            if len(word) == 1:
                break
            pairs = get_pairs(word)
        result = " ".join(word)
        self.cache[token] = result
        return result

    def encode(self, text):
        text = clean(text)
        ids = []
        for token in regex.findall(self.pat, text):
            token = "".join(self.byte_encoder[b] for b in token.encode("utf-8"))
            ids.extend(self.encoder[t] for t in self.bpe(token).split(" "))
        ids = [self.encoder["<|startoftext|>"]] + ids + [self.encoder["<|endoftext|>"]]
        if len(ids) > 77:
            ids = ids[:76] + [self.encoder["<|endoftext|>"]]
        return ids


STEPS = {"fix_text": fix_text, "unescape": html.unescape, "basic_clean": basic_clean, "clean": clean,
         "nfc": lambda text: unicodedata.normalize("NFC", text), "lower": str.lower}

if __name__ == "__main__":
    args = sys.argv[2:]
    as_json = "--json" in args
    args = [a for a in args if a != "--json"]
    step = "ids"
    if "--step" in args:
        at = args.index("--step")
        step = args[at + 1]
        del args[at:at + 2]
    texts = [json.loads(a) for a in args] if as_json else args
    reference = Reference(sys.argv[1])
    for text in texts:
        if step == "ids":
            print(" ".join(str(i) for i in reference.encode(text)))
        else:
            print(json.dumps(STEPS[step](text)))
