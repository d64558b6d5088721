"""Writes french-stems.tsv: French words and PyStemmer's French stems (Snowball).

The Swift stemmer (AutourCore/Learning/FrenchStemmer.swift) is checked word for word against this
file, so the Swift tests need no Python. Words: every distinct word of the UNCCAS manual (the seed
the product comes from, with its elisions such as « l'action ») and every 40th word of Debian's
`wfrench` dictionary, lower-cased. Regenerate with:

    python3 -m venv /tmp/stem && /tmp/stem/bin/pip install PyStemmer==3.1.0
    /tmp/stem/bin/python french-stems.py ../../../../shared/seed/*.txt /usr/share/dict/french
"""
import re
import sys
import unicodedata

import Stemmer

WORD = re.compile(r"[a-zàâäçéèêëîïôöùûüÿœæ]+(?:'[a-zàâäçéèêëîïôöùûüÿœæ]+)?")


def words(text):
    return WORD.findall(unicodedata.normalize("NFC", text.lower().replace("\u2019", "'")))


*manual, dictionary = sys.argv[1:]
chosen = set()
for path in manual:
    chosen.update(words(open(path, encoding="utf-8").read()))
with open(dictionary, encoding="utf-8") as lines:
    for number, line in enumerate(lines):
        if number % 40 == 0:
            chosen.update(w for w in words(line) if w == line.strip().lower())
stemmer = Stemmer.Stemmer("french")
with open("french-stems.tsv", "w", encoding="utf-8") as out:
    out.write(f"# PyStemmer 3.1.0 French stems of {len(chosen)} words\n")
    for word in sorted(chosen):
        out.write(f"{word}\t{stemmer.stemWord(word)}\n")
