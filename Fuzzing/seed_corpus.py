#!/usr/bin/env python3
"""Builds the seed corpora and dictionaries of `make fuzz` from the checkout's own inputs.

    seed_corpus.py OUT

writes OUT/seeds/<target>/ (one input per file, in the format FuzzTarget documents) and
OUT/<target>.dict (libFuzzer dictionaries):
  shell    the golden transcripts (Tests/ShellTests/Transcripts): header `CLUSTER HOST`, the
           setup lines, the command; plus a few `:fault` sessions
  content  every file of Content/ (header: its kind), each recall card and scenario alone
  graders  every file of Graders/, and each grader alone
  regex    the patterns of the transcripts' grep commands, the graders and the cards, and
           patterns a backtracking engine takes exponential time on, each over a few texts
"""
import hashlib
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FAULTS = [
    "stop-unit master2 kubelet", "move-manifest master1 etcd", "restore-manifest master1 etcd",
    "corrupt-manifest master3 kube-apiserver", "kill-etcd master2", "wipe-etcd-data master3", "power-off master2",
    "power-on master2", "partition master1,master2", "heal", "fill-etcd 2147483648", "drop-port master1 2380",
    "expire-cert master1 apiserver", "fsync-latency master2 1500", "advance 5m",
]


def write(folder, text):
    data = text.encode("utf-8")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, hashlib.sha1(data).hexdigest()), "wb") as out:
        out.write(data)


def files(folder, suffix):
    for base, _, names in sorted(os.walk(os.path.join(ROOT, folder))):
        for name in sorted(names):
            if name.endswith(suffix):
                yield os.path.join(base, name)


def read(path):
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def transcript_inputs():
    """(header, lines) for every golden transcript."""
    for path in files("Tests/ShellTests/Transcripts", ".txt"):
        cluster, host, lines, command = "stacked-3", "master1", [], None
        for line in read(path).split("\n"):
            if line.startswith("--- stdout ---"):
                break
            if line.startswith("$ "):
                command = line[2:]
            elif line.startswith("# cluster: "):
                cluster = line.split()[2]
            elif line.startswith("# host: "):
                host = line.split()[2]
            elif line.startswith("# setup: "):
                lines.append(line[len("# setup: "):])
        if command is not None:
            yield f"{cluster} {host}", lines + [command]


def split_items(text, pattern):
    """The file's head and each item that starts at a line matching `pattern`."""
    starts = [m.start() for m in re.finditer(pattern, text, re.MULTILINE)]
    if not starts:
        return text, []
    return text[:starts[0]], [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)])]


PATTERNS = ["(a|aa)*c", "(a*)*b", "^(.*.*)*xyz$", "(x+x+)+y", "(a|)*b", "a{2,3}?", "[[:digit:]]+", "(?:ab|a)*?c",
            "\\d+\\.\\d*", "[^ ]+$", "^$", "(a)(b)?|c", "x*", "(?=a).", "(?<!b)a", "é+", "[a-z]{1,}", ".\\s\\w"]
TEXTS = ["aaaaaaaaab", "baaac", "etcd-0 1", "xyz", "", "a\nb", "ÉéE\u0301", "Ab_9 -", "\r\n."]


def regex_inputs():
    """Patterns the tools and graders use, and the classic exponential ones."""
    patterns = list(PATTERNS)
    for path in files("Tests/ShellTests/Transcripts", ".txt"):
        for line in read(path).split("\n"):
            if line.startswith("$ "):
                patterns += re.findall(r"grep (?:-\w+ )*'([^']+)'", line) + re.findall(r'grep (?:-\w+ )*"([^"]+)"', line)
    for folder in ("Graders", "Content/cards"):
        for path in files(folder, ".yaml"):
            patterns += [p.strip('"') for p in re.findall(r'(?:matches|pattern): *("[^"]*"|\S+)', read(path))]
    return [(p, t) for p in dict.fromkeys(patterns) for t in TEXTS[: 3 if len(p) > 12 else len(TEXTS)]]


def dictionary(path, words):
    def quote(word):
        return '"' + "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else "\\x%02x" % ord(c)
                             for c in word.encode("utf-8").decode("latin-1")) + '"'
    with open(path, "w", encoding="ascii") as out:
        for word in sorted(w for w in set(words) if 1 < len(w) <= 64):
            out.write(quote(word) + "\n")


def main(out):
    seeds = os.path.join(out, "seeds")
    shell_words, content_words, grader_words = set(), set(), set()

    sessions = list(transcript_inputs())
    for header, lines in sessions:
        write(os.path.join(seeds, "shell"), header + "\n" + "\n".join(lines) + "\n")
        for line in lines:
            shell_words.update(line.split())
    for index, fault in enumerate(FAULTS):
        header, lines = sessions[index * 7 % len(sessions)]
        write(os.path.join(seeds, "shell"), f"{header}\n:fault {fault}\nsleep 30\n" + "\n".join(lines) + "\n")
        shell_words.update([":fault"] + fault.split())
    for path in files("Content/clusters", ".yaml"):
        text = read(path)
        shell_words.update(re.findall(r"name: ([\w-]+)", text) + re.findall(r"^id: ([\w-]+)", text, re.MULTILINE))

    kinds = [("Content/clusters", "cluster", None), ("Content/scenarios", "scenario", None),
             ("Content/cards", "cards", r"^  - id:"), ("Content/exams", "exam", None)]
    for folder, kind, item in kinds:
        for path in files(folder, ".yaml"):
            text = read(path)
            write(os.path.join(seeds, "content"), f"{kind}\n{text}")
            if item:
                head, items = split_items(text, item)
                for part in items:
                    write(os.path.join(seeds, "content"), f"{kind}\n{head}{part}")
    write(os.path.join(seeds, "content"), "guide\n" + read(os.path.join(ROOT, "Content/guide.yaml")))
    for path in files("Content", ".yaml"):
        content_words.update(re.findall(r"([A-Za-z][\w-]*):", read(path)))
        content_words.update(re.findall(r"\{\{[^}]*\}\}", read(path)))
    content_words.update(["cluster", "scenario", "cards", "exam", "guide", "&a", "*a", "<<", "- ", "---", "|\n", ">-\n"])

    for path in files("Graders", ".yaml"):
        text = read(path)
        write(os.path.join(seeds, "graders"), text)
        head, items = split_items(text, r"^  [\w-]+:\s*$")
        for part in items:
            write(os.path.join(seeds, "graders"), head + part)
        grader_words.update(re.findall(r"([A-Za-z][\w>=<-]*):", text))
        grader_words.update(re.findall(r"\{\{[^}]*\}\}", text))
    grader_words.update([">=", "<=", "absent", "present", "&a", "*a", "- ", "---"])

    regex_words = set()
    for pattern, text in regex_inputs():
        write(os.path.join(seeds, "regex"), f"{pattern}\n{text}")
        regex_words.update(re.findall(r"\\.|\[:\w+:\]|\(\?<?[=!:]|\{\d*,?\d*\}", pattern))
    regex_words.update(["(?:", "(?=", "(?!", "(?<!", "(?<=", "*?", "+?", "??", "[^", "\\d", "\\w", "\\s", "[[:alpha:]]"])

    dictionary(os.path.join(out, "shell.dict"), shell_words)
    dictionary(os.path.join(out, "regex.dict"), regex_words)
    dictionary(os.path.join(out, "content.dict"), content_words | grader_words)
    dictionary(os.path.join(out, "graders.dict"), grader_words)
    for target in ("shell", "content", "graders", "regex"):
        print(f"{target}: {len(os.listdir(os.path.join(seeds, target)))} seeds")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
