#!/usr/bin/env python3
"""Independent reference for the CLIP tokenizer tests (ImageSearch.Tests/Clip/ClipTokenizerTests.cs).

A plain re-statement of openai/CLIP's clip/simple_tokenizer.py (MIT), written from its published algorithm:
bytes_to_unicode, vocab = 256 byte chars + the same with "</w>" + merged pairs + the two special tokens,
merges = lines[1:49152-256-2+1] of bpe_simple_vocab_16e6.txt.gz, the CLIP pre-tokenisation regex, lower-casing,
whitespace clean-up and "</w>" on the last symbol of each word, then <|startoftext|> ... <|endoftext|>, at most
77 tokens with <|endoftext|> kept last.

Differences from simple_tokenizer.py, on purpose: no ftfy.fix_text (ftfy is not installed here) and no
html.unescape (the C# tokenizer does not unescape either; see ClipTokenizer.cs). Test inputs avoid '&' entities and
mojibake, where those steps would matter.

Needs the `regex` module for \\p{L} / \\p{N}. Usage: python3 clip_reference_tokenizer.py VOCAB.gz "text" ...
Prints one line of space-separated ids per text. Used once to derive the expected ids hard-coded in the tests.
"""
import gzip
import sys

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
        text = regex.sub(r"\s+", " ", text).strip().lower()
        ids = []
        for token in regex.findall(self.pat, text):
            token = "".join(self.byte_encoder[b] for b in token.encode("utf-8"))
            ids.extend(self.encoder[t] for t in self.bpe(token).split(" "))
        ids = [self.encoder["<|startoftext|>"]] + ids + [self.encoder["<|endoftext|>"]]
        if len(ids) > 77:
            ids = ids[:76] + [self.encoder["<|endoftext|>"]]
        return ids


if __name__ == "__main__":
    reference = Reference(sys.argv[1])
    for text in sys.argv[2:]:
        print(" ".join(str(i) for i in reference.encode(text)))
