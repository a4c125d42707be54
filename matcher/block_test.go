package matcher

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/rules"
)

// peopleTable is an n-row pensions table of invented people: surnames from
// a pool of 2,000, dates of birth over 30 years, NI numbers on half.
func peopleTable(n int, seed uint64) *Table {
	rng := rand.New(rand.NewPCG(seed, 1))
	t := emptyTable(extract.Pensions, n)
	sur, dob, ni := &t.Cols[t.Col("surname")], &t.Cols[t.Col("date_of_birth")], &t.Cols[t.Col("ni_number")]
	surs, nis := make([]string, n), make([]string, n)
	for r := 0; r < n; r++ {
		surs[r], sur.Valid[r] = fmt.Sprintf("SURNAME%dX", rng.IntN(2000)), true
		dob.Num[r], dob.Valid[r] = int64(-7000+rng.IntN(11000)), true
		if rng.IntN(2) == 0 {
			nis[r], ni.Valid[r] = fmt.Sprintf("AB%06dC", rng.IntN(n)), true
		}
	}
	sur.Str, ni.Str = StringsOf(surs...), StringsOf(nis...)
	return t
}

func passKeys(t testing.TB, keys ...string) rules.PassKeys {
	t.Helper()
	var pk rules.PassKeys
	for _, k := range keys {
		key, err := rules.ParseKey(k)
		if err != nil {
			t.Fatal(err)
		}
		pk.Left, pk.Right = append(pk.Left, key), append(pk.Right, key)
	}
	return pk
}

// TestBuildPassBlocks: each block lists exactly the right rows whose key
// is the left row's, and the guard's decision is per block.
func TestBuildPassBlocks(t *testing.T) {
	left, right := peopleTable(3000, 1), peopleTable(2000, 2)
	pk := passKeys(t, "year(date_of_birth)", "first(surname, 8)")
	lk, rk := blockKeys(left, pk.Left, nil), blockKeys(right, pk.Right, nil)
	byKey := map[string][]int32{}
	for j, k := range rk {
		byKey[k] = append(byKey[k], int32(j))
	}
	const guard = 200
	p := buildPass("test", pk, left, right, nil, nil, guard, false, passScope{index: true})
	for i, k := range lk {
		want := byKey[k]
		if n := int64(len(want)) * int64(countOf(lk, k)); n > guard {
			want = nil
		}
		sp, _ := p.spans(i)
		got := sp.rows[sp.lo:sp.hi]
		if len(got) == 0 && len(want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("row %d key %q: candidates %v, want %v", i, k, got, want)
		}
	}
	if p.stats.SkippedBlocks == 0 || p.stats.Blocks == 0 {
		t.Errorf("stats %+v: want kept and skipped blocks", p.stats)
	}
}

func countOf(keys []string, k string) int {
	n := 0
	for _, x := range keys {
		if x == k {
			n++
		}
	}
	return n
}

// TestKeyPartition: a key's partition is fixed (the same on every machine)
// and keys spread over the partitions.
func TestKeyPartition(t *testing.T) {
	if got := KeyPartition("1950-02-01\x1fSMT", 7); got != KeyPartition("1950-02-01\x1fSMT", 7) {
		t.Fatal("KeyPartition differs between calls")
	}
	// FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c.
	if got, want := KeyPartition("a", 1000), int(uint64(0xaf63dc4c8601ec8c)%1000); got != want {
		t.Errorf(`KeyPartition("a", 1000) = %d, want %d`, got, want)
	}
	seen := map[int]int{}
	for i := 0; i < 1000; i++ {
		seen[KeyPartition(fmt.Sprint("key", i), 8)]++
	}
	for k := 0; k < 8; k++ {
		if seen[k] < 80 {
			t.Errorf("partition %d of 8 holds %d of 1000 keys", k, seen[k])
		}
	}
}

// TestKeyIndexNumbering: keys are numbered from 1 in the order first met,
// equal keys get one id however they are looked up (as bytes, as a string,
// a batch of values at a time), and the index keeps that while it grows
// far past the size it was made for. The keys are short (held whole in a
// slot), long ones that share their first eight bytes or differ in
// their last only, and short ones that differ by trailing zero bytes.
func TestKeyIndexNumbering(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	long := strings.Repeat("L", 300)
	keyOf := func(n int) string {
		switch n % 4 {
		case 0:
			return fmt.Sprint("K", n)
		case 1:
			return fmt.Sprint("LONGPREFIX", n)
		case 2:
			return fmt.Sprint(long, n)
		}
		return "Z" + strings.Repeat("\x00", n%9)
	}
	ix := newKeyIndex(8)
	want := map[string]int32{}
	next := int32(1)
	check := func(key string, got int32) {
		t.Helper()
		id, ok := want[key]
		if !ok {
			id, want[key] = next, next
			next++
		}
		if got != id {
			t.Fatalf("key %q: id %d, want %d", key, got, id)
		}
	}
	vals, valid := make([]string, 5000), make([]bool, 5000)
	for round := 0; round < 4; round++ {
		for k := 0; k < 3000; k++ {
			key := keyOf(rng.IntN(20_000))
			if k%2 == 0 {
				check(key, ix.id([]byte(key)))
			} else {
				check(key, ix.idOf(key))
			}
		}
		for r := range vals {
			vals[r], valid[r] = keyOf(rng.IntN(20_000)), r%7 != 0
			if r%11 == 0 {
				vals[r] = ""
			}
		}
		out := make([]int32, len(vals))
		col := StringsOf(vals...)
		ix.numberValues(&col, valid, nil, out)
		for r, v := range vals {
			if !valid[r] || v == "" {
				if out[r] != 0 {
					t.Fatalf("row %d (valid %v, %q): id %d, want none", r, valid[r], v, out[r])
				}
				continue
			}
			check(v, out[r])
		}
	}
	if ix.id(nil) != 0 || ix.idOf("") != 0 {
		t.Error("the empty key has an id")
	}
	for key, id := range want {
		if ix.keys[id] != key {
			t.Fatalf("keys[%d] = %q, want %q", id, ix.keys[id], key)
		}
	}
}

// TestKeyIndexCollisions: keys whose hashes are equal are told apart by
// their text, whether they fit in a slot or not.
func TestKeyIndexCollisions(t *testing.T) {
	ix := newKeyIndex(1000)
	ix.sync()
	keys := []string{"LONGPREFIX1", "LONGPREFIX2", "LONGPREFIX12", "AB", "AC", "A", "A\x00", "12345678", "12345679"}
	for round := 0; round < 2; round++ {
		for k, key := range keys {
			if got := ix.idHashed(key, 42); got != int32(k+1) {
				t.Fatalf("round %d: idHashed(%q) = %d, want %d", round, key, got, k+1)
			}
		}
	}
}

// TestNumMemo: a number's id is the one put for it, numbers never put
// have none, and that holds as the memo grows.
func TestNumMemo(t *testing.T) {
	m := newNumMemo(4)
	want := map[uint64]int32{}
	rng := rand.New(rand.NewPCG(5, 6))
	for k := 0; k < 20_000; k++ {
		key := rng.Uint64N(30_000) - 15_000 // negative days too
		id, ok := m.get(key)
		wid, wok := want[key]
		if ok != wok || id != wid {
			t.Fatalf("get(%d) = %d, %v; want %d, %v", key, id, ok, wid, wok)
		}
		if !ok {
			id = int32(rng.IntN(1000)) // ids repeat and may be 0
			m.put(key, id)
			want[key] = id
		}
	}
}

// BenchmarkBuildPass builds one blocking pass over 200,000 x 200,000
// records, as a worker would need it.
func BenchmarkBuildPass(b *testing.B) {
	left, right := peopleTable(200_000, 1), peopleTable(200_000, 2)
	for _, keys := range [][]string{{"nino(ni_number)"}, {"date_of_birth", "metaphone(surname)"}} {
		pk := passKeys(b, keys...)
		b.Run(fmt.Sprint(keys), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				buildPass("bench", pk, left, right, nil, nil, 25_000_000, false, passScope{index: true})
			}
			b.ReportMetric(float64(left.Len+right.Len)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
		})
	}
}
