#!/usr/bin/env python3
"""propose-replacements.py [--write] TRANSCRIPT... -- propose '# replace:' lines turning the capture into the recorded text.
Token-level diff; prints proposals, writes them into the file when --write."""
import re, sys, difflib
write = "--write" in sys.argv
for path in [a for a in sys.argv[1:] if a != "--write"]:
    t = open(path).read()
    m = re.search(r"^# from: (.*)$", t, re.M)
    if not m or re.search(r"^# differs:", t, re.M): continue
    cap = open(f"/work/shared/reference/transcripts/{m.group(1)}.txt").read()
    def sections(x):
        o = x.index("--- stdout ---\n"); e = x.index("--- stderr ---\n")
        err = x[e+15:]
        if "--- server log" in err: err = err[:err.index("--- server log")]
        return x[o+15:e] + "\x00" + err
    a, b = sections(cap), sections(t)
    if "# differs-stderr:" in t:
        a, b = a.split("\x00")[0], b.split("\x00")[0]
    if "# retable" in t:
        def unpad(s):
            out=[]
            for line in s.split("\n"):
                if line.startswith("+"): line = re.sub(r"-+", "-", line)
                elif line.startswith("|"): line = "|".join(c.strip() for c in line.split("|"))
                out.append(line)
            return "\n".join(out)
        a, b = unpad(a), unpad(b)
    tok = lambda s: re.findall(r"[A-Za-z0-9_.:/@-]+|[^A-Za-z0-9_.:/@-]", s)
    ta, tb = tok(a), tok(b)
    reps = []
    ops = [o for o in difflib.SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes()]
    # merge change runs separated by only short equal runs (phrase-level replacements)
    merged = []
    for o in ops:
        if merged and o[0] != "equal" and merged[-1][0] == "equal" and len(merged) >= 2 and merged[-2][0] != "equal" \
           and (merged[-1][2] - merged[-1][1]) <= 4 and "\n" not in "".join(ta[merged[-1][1]:merged[-1][2]]):
            eq = merged.pop(); prev = merged.pop()
            merged.append(("replace", prev[1], o[2], prev[3], o[4]))
        else:
            merged.append(o)
    plain = {}
    for op, i1, i2, j1, j2 in merged:
        if op != "equal": plain.setdefault("".join(ta[i1:i2]), set()).add("".join(tb[j1:j2]))
    for op, i1, i2, j1, j2 in merged:
        if op == "equal": continue
        l, r = 0, 0
        def cur():
            return "".join(ta[i1-l:i2+r]), "".join(tb[j1-l:j2+r])
        old, new = cur()
        def ambiguous(o):
            if not o or len(o) < 4: return True
            if o == "".join(ta[i1:i2]): return len(plain.get(o, ())) > 1 or a.count(o) != sum(1 for op2, x1, x2, _, _ in merged if op2 != "equal" and "".join(ta[x1:x2]) == o)
            return a.count(o) != 1
        while ambiguous(old) and (i1-l > 0 or i2+r < len(ta)):
            if i1-l > 0 and ta[i1-l-1] != "\n" and (l <= r or i2+r >= len(ta) or ta[i2+r] == "\n"): l += 1
            elif i2+r < len(ta) and ta[i2+r] != "\n": r += 1
            else: break
            old, new = cur()
        if (old, new) not in reps: reps.append((old, new))
    def apply(rs):
        x = a
        for o, n in rs: x = x.replace(o, n)
        return x
    if apply(reps) != b:
        for i in range(len(reps) - 1, -1, -1):
            trial = reps[:i] + reps[i+1:]
            if apply(trial) == b or len(set(apply(trial)) ^ set(b)) < len(set(apply(reps)) ^ set(b)):
                reps = trial
                if apply(reps) == b: break
    lines = [f"# replace: {o} => {n}" for o, n in reps if o and "\n" not in o and "\n" not in n and " => " not in o]
    bad = [(o, n) for o, n in reps if not o or "\n" in o or "\n" in n]
    print(f"== {path}"); print("\n".join(lines))
    for o, n in bad: print("  !! cannot express:", repr(o), "->", repr(n))
    if write and not bad:
        t = re.sub(r"^# replace:.*\n", "", t, flags=re.M)
        t = t.replace("\n$ ", "\n" + "".join(l + "\n" for l in lines) + "$ ", 1)
        open(path, "w").write(t)
