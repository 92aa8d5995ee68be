# Real Debian programs with their data files, migrated while they run,
# and their output compared byte for byte with an unmigrated run:
# python3 computing with its standard library (modules and data files
# read at home while it runs on nodes 2 and 3), and gcc compiling and
# linking a C program while the driver runs away (it forks and execs
# cc1, as, collect2 and ld from the guest; they run at home).
#
# distro: debian
# extra-pkgs: python3 gcc libc6-dev
# nodes: 3
# timeout: 900
# kernel-args: mosix.balancer=0
# shellcheck shell=sh disable=SC3043,SC1091,SC2317,SC2016
. /lib/mosix/test.sh

cd /root || exit 1

# 1. python3: hashlib, json, decimal, fractions, zlib, re, random with a
# seed, and a module imported only while away (its .py read at home).
cat > job.py <<'EOF'
import decimal, fractions, hashlib, json, random, re, sys, zlib

rounds = int(sys.argv[1])
random.seed(18)
decimal.getcontext().prec = 60
h = hashlib.sha256()
acc = decimal.Decimal(0)
frac = fractions.Fraction(0)
for i in range(rounds):
    rec = {"i": i, "r": random.random(), "w": [random.randint(0, 99) for _ in range(20)]}
    text = json.dumps(rec, sort_keys=True)
    h.update(zlib.compress(text.encode(), 9))
    acc += decimal.Decimal(i).sqrt()
    frac += fractions.Fraction(i % 7 + 1, i % 11 + 2)
    if i % (rounds // 4 or 1) == 0:
        print(i, h.hexdigest()[:16], len(re.findall(r"\d+", text)), flush=True)
import statistics, textwrap  # noqa: E402  (imported while away)
print(h.hexdigest())
print(acc)
print(frac.numerator % 1000003, frac.denominator % 1000003)
print(statistics.median(range(rounds)), textwrap.shorten("a " * 50, width=20))
EOF
# rounds for about 15 s (times the scale) on this node now: long
# enough for three moves on a fast host and a slow one
ms() { echo $(($(date +%s%N) / 1000000)); }
t0=$(ms)
python3 job.py 1 > /dev/null
t1=$(ms)
python3 job.py 1000 > /dev/null
t2=$(ms)
per=$(((t2 - t1) - (t1 - t0)))
[ "$per" -gt 0 ] || per=1
PYROUNDS=$(scaled $((1000 * 15000 / per)))
diag "python3 job: $PYROUNDS rounds (1000 took $per ms, start $((t1 - t0)) ms)"
job() { python3 job.py "$PYROUNDS"; }
check "python3 migrated home -> 2 -> 3 -> home: same output as at home" \
	roundtrip python "2 3 home"
check "python3 migrated to node 2 and finishing there: same output" \
	roundtrip python2 "2"
check "python3's output has what it should (the final digest)" \
	grep -Eq '^[0-9a-f]{64}$' out-python

# 2. gcc: a generated C program big enough that cc1 takes a while; the
# driver (gcc) is moved to node 2 while it runs, and forks and execs the
# assembler and the linker from there.  Output: the executable, which
# must be the same bytes as one built at home, and run the same.
awk 'BEGIN {
	print "#include <stdio.h>"
	for (i = 0; i < 400; i++) {
		printf "static unsigned long f%d(unsigned long x) {", i
		printf " for (int k = 0; k < %d; k++) x = x * 6364136223846793005UL + %d;", i % 13 + 3, i
		printf " return x ^ (x >> %d); }\n", i % 29 + 1
	}
	print "int main(void) { unsigned long x = 1;"
	for (i = 0; i < 400; i++) printf " x = f%d(x);\n", i
	print " printf(\"%lx\\n\", x); return 0; }"
}' > prog.c
job() { gcc -O2 -o prog prog.c; }
check "gcc -O2 with its driver moved to node 2: the same executable" \
	roundtrip gcc "2" prog
check "gcc -O2 with its driver moved to node 2 and back: the same executable" \
	roundtrip gcc2 "2 home" prog
check "the program gcc built away runs and prints what the one built at home does" \
	test "$(./out-gcc)" = "$(./ref-gcc)"
