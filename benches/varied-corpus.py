"""Writes 1000 reports made from the published examples with 30% of their
longer words replaced at random, so that reports of a run share little text,
and 20 pastes of two paragraphs from one generated report into another: a
corpus for timing the comparison across reports.
Usage: python3 benches/varied-corpus.py OUT_DIR   (run from the repository)"""
import random, re, os, sys, glob
random.seed(7)
src = sorted(glob.glob('examples/published/*.txt')) + sorted(glob.glob('examples/published/cqc-*.md'))
texts = [open(p, encoding='utf-8').read() for p in src]
vocab = sorted({w for t in texts for w in re.findall(r"[a-z]{4,}", t)})
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
word = re.compile(r'[A-Za-z]{4,}')
def mutate_line(line):
    # keep headings and short template lines; mutate running text
    if len(line) < 120:
        return line
    return word.sub(lambda m: random.choice(vocab) if random.random() < 0.3 else m.group(0), line)
docs = []
for i in range(1000):
    s = src[i % len(src)]
    t = texts[i % len(src)]
    lines = [mutate_line(l) for l in t.split('\n')]
    docs.append((s, lines))
# paste: 20 reports get two long paragraphs of another generated report
pasted = []
for k in range(20):
    a = random.randrange(1000); b = random.randrange(1000)
    if a == b or docs[a][0].endswith('.txt') != docs[b][0].endswith('.txt'): continue
    la = docs[a][1]; lb = docs[b][1]
    cand = [j for j in range(len(la) - 2) if len(la[j]) > 300 and la[j+1] == '' and len(la[j+2]) > 300]
    tgt = [j for j in range(len(lb)) if len(lb[j]) > 300]
    if not cand or not tgt: continue
    j = random.choice(cand); t = random.choice(tgt)
    lb[t:t+1] = [la[j], '', la[j+2]]
    pasted.append((a, b))
for i, (s, lines) in enumerate(docs):
    open(os.path.join(out, f'report-{i}.{s.rsplit(".",1)[1]}'), 'w', encoding='utf-8').write('\n'.join(lines))
print('pasted', len(pasted), pasted[:5])
