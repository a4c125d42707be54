package matcher

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestRunScoresPairOnce: a pair that several blocking passes produce is
// scored once, counted in the first pass that produced it, and reported
// with that pass.
func TestRunScoresPairOnce(t *testing.T) {
	cases := []struct {
		name       string
		died       row
		wantPass   int
		wantPairs  []int64
		wantBlocks []int
		wantScore  float64 // 0: not reported
		wantBand   string
	}{
		{"every pass", johnDied(), 0, []int64{1, 0, 0, 0, 0}, []int{1, 1, 1, 1, 1}, 32, "high"},
		// NI else -6 instead of exact +10.
		{"NI number differs", johnDied().with("ni_number", "CE987654A"), 1, []int64{0, 1, 0, 0, 0}, []int{0, 1, 1, 1, 1}, 16, "medium"},
		// NI missing 0, surname else -4; no name and birth year block.
		{"married name, no NI", johnDied().with("ni_number", "", "surname", "Brown"), 2, []int64{0, 0, 1, 0, 0}, []int{0, 0, 1, 1, 0}, 13, "medium"},
		// 0 - 4 - 4 + 7 + 3 + 3 = 5, under the floor of 9.
		{"date of birth and postcode only", johnDied().with("ni_number", "", "surname", "Brown", "forenames", "Mary"),
			3, []int64{0, 0, 0, 1, 0}, []int{0, 0, 0, 1, 0}, 0, ""},
	}
	p := builtinPlan(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := mustRun(t, testConfig(), p, pensions(t, john()), deceased(t, tc.died))
			if res.Compared != 1 {
				t.Errorf("Compared = %d, want 1", res.Compared)
			}
			var pairs []int64
			var blocks []int
			var names []string
			for _, ps := range res.Passes {
				pairs, blocks, names = append(pairs, ps.Pairs), append(blocks, ps.Blocks), append(names, ps.Name)
			}
			if !reflect.DeepEqual(pairs, tc.wantPairs) {
				t.Errorf("pass pairs = %v, want %v", pairs, tc.wantPairs)
			}
			if !reflect.DeepEqual(blocks, tc.wantBlocks) {
				t.Errorf("pass blocks = %v, want %v", blocks, tc.wantBlocks)
			}
			if got := strings.Join(names, ","); got != "ni_number,dob_surname,postcode_initial,dob_postcode,name_birth_year" {
				t.Errorf("pass names = %s", got)
			}
			if tc.wantScore == 0 {
				if len(res.Matches) != 0 || res.AboveFloor != 0 {
					t.Errorf("got %d matches, %d above the floor, want none", len(res.Matches), res.AboveFloor)
				}
				return
			}
			if len(res.Matches) != 1 {
				t.Fatalf("got %d matches, want 1", len(res.Matches))
			}
			m := res.Matches[0]
			if m.Pass != tc.wantPass || m.Score != tc.wantScore || m.Band != tc.wantBand {
				t.Errorf("match pass %d score %g band %s, want pass %d score %g band %s",
					m.Pass, m.Score, m.Band, tc.wantPass, tc.wantScore, tc.wantBand)
			}
			if m.Left != 0 || m.Right != 0 {
				t.Errorf("match rows = %d, %d, want 0, 0", m.Left, m.Right)
			}
		})
	}
}

func TestRunCondition(t *testing.T) {
	noGuard := planYAML(t, ruleWith(`  - {id: ni, kind: nino, fields: [ni_number], levels: [{level: exact, weight: 10}]}`)+
		"condition: left.date_last_paid > right.date_of_death\n")
	cases := []struct {
		name                   string
		plan                   *Plan
		lastPaid               string
		matches, failed, unmet int64
	}{
		{"paid after death", builtinPlan(t), "28052025", 1, 0, 0},
		{"paid before death", builtinPlan(t), "01032025", 0, 1, 0},
		{"paid on the day of death", builtinPlan(t), "10032025", 0, 1, 0},
		// The built-in condition guards with != nil: a missing last paid date
		// makes it false, so the pair counts as failed, not as missing.
		{"last paid missing, built-in rule", builtinPlan(t), "", 0, 1, 0},
		{"last paid missing, no guard", noGuard, "", 0, 0, 1},
		{"paid after death, no guard", noGuard, "28052025", 1, 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := mustRun(t, testConfig(), tc.plan, pensions(t, john().with("date_last_paid", tc.lastPaid)), deceased(t, johnDied()))
			if int64(len(res.Matches)) != tc.matches || res.ConditionFailed != tc.failed || res.ConditionMissing != tc.unmet {
				t.Errorf("matches %d, ConditionFailed %d, ConditionMissing %d, want %d, %d, %d",
					len(res.Matches), res.ConditionFailed, res.ConditionMissing, tc.matches, tc.failed, tc.unmet)
			}
			if res.AboveFloor != 1 {
				t.Errorf("AboveFloor = %d, want 1", res.AboveFloor)
			}
		})
	}
}

func TestRunAmount(t *testing.T) {
	cases := []struct {
		name                         string
		amount, freq, lastPaid, died string
		want                         int64
		wantText                     string
	}{
		// 28/05, 28/04 and 28/03 fell after 10/03.
		{"monthly", "10000", "MONTHLY", "28052025", "10032025", 30000, "£300.00"},
		// 31/05, 30/04, 31/03 and 28/02 (no 31 February) fell after 15/02.
		{"monthly at month end", "10000", "M", "31052025", "15022025", 40000, "£400.00"},
		// 29/03, 22/03, 15/03 and 08/03; 01/03 is the day of death.
		{"weekly", "5000", "W", "29032025", "01032025", 20000, "£200.00"},
		// 29/03 and 15/03.
		{"fortnightly", "7500", "Fortnightly", "29032025", "01032025", 15000, "£150.00"},
		// 26/03, 26/02 and 29/01; 01/01 is the day of death.
		{"four-weekly", "12345", "4W", "26032025", "01012025", 37035, "£370.35"},
		// 31/05 and 28/02; 30/11/2024 fell before 15/02.
		{"quarterly", "30000", "Q", "31052025", "15022025", 60000, "£600.00"},
		{"annual", "120000", "ANNUAL", "01042025", "15022025", 120000, "£1,200.00"},
	}
	p := builtinPlan(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			left := pensions(t, john().with("pension_amount", tc.amount, "payment_frequency", tc.freq, "date_last_paid", tc.lastPaid))
			res := mustRun(t, testConfig(), p, left, deceased(t, johnDied().with("date_of_death", tc.died)))
			if len(res.Matches) != 1 {
				t.Fatalf("got %d matches, want 1", len(res.Matches))
			}
			m := res.Matches[0]
			if !m.HasAmount || m.Amount != tc.want {
				t.Errorf("amount = %d (has %v), want %d", m.Amount, m.HasAmount, tc.want)
			}
			if !strings.Contains(m.Reason, ": "+tc.wantText+" paid after death.") {
				t.Errorf("reason %q does not give the amount %s", m.Reason, tc.wantText)
			}
			if res.AmountMissing != 0 {
				t.Errorf("AmountMissing = %d, want 0", res.AmountMissing)
			}
		})
	}
}

func TestRunAmountMissing(t *testing.T) {
	for _, field := range []string{"pension_amount", "payment_frequency"} {
		t.Run(field, func(t *testing.T) {
			res := mustRun(t, testConfig(), builtinPlan(t), pensions(t, john().with(field, "")), deceased(t, johnDied()))
			if len(res.Matches) != 1 {
				t.Fatalf("got %d matches, want 1: a missing amount does not hide a match", len(res.Matches))
			}
			m := res.Matches[0]
			if m.HasAmount || m.Amount != 0 || res.AmountMissing != 1 {
				t.Errorf("amount %d has %v, AmountMissing %d, want 0 false 1", m.Amount, m.HasAmount, res.AmountMissing)
			}
			if strings.Contains(m.Reason, "paid after death") {
				t.Errorf("reason %q gives an amount", m.Reason)
			}
		})
	}
}

func TestRunReason(t *testing.T) {
	p := builtinPlan(t)
	res := mustRun(t, testConfig(), p, pensions(t, john()), deceased(t, johnDied()))
	if len(res.Matches) != 1 {
		t.Fatalf("got %d matches, want 1", len(res.Matches))
	}
	m := res.Matches[0]
	want := "NI number agrees; surname agrees; forename agrees; date of birth agrees; address agrees on number and street; postcode agrees." +
		" Pension last paid 28/05/2025, after the date of death 10/03/2025: £300.00 paid after death."
	if m.Reason != want {
		t.Errorf("reason = %q, want %q", m.Reason, want)
	}
	if got, want := levelNames(p, m), []string{"exact", "exact", "exact", "exact", "number_and_street", "full"}; !reflect.DeepEqual(got, want) {
		t.Errorf("levels = %v, want %v", got, want)
	}
	if ev := Evidence(p, m.Outcomes); !strings.HasPrefix(m.Reason, ev+".") {
		t.Errorf("reason %q does not start with the evidence %q", m.Reason, ev)
	}
}

// TestMatchIDValue: an id is the first ten bytes, in hex, of the SHA-256
// of the parts each followed by a zero byte (worked out with Python's
// hashlib).
func TestMatchIDValue(t *testing.T) {
	got := MatchID("people", "person", "Benchmark A", "10000001", "person", "Benchmark B", "10000001")
	if want := "afb244dbf0dbed192bcd"; got != want {
		t.Errorf("MatchID = %s, want %s", got, want)
	}
}

func TestMatchIDStable(t *testing.T) {
	p := builtinPlan(t)
	id := func(left, right *Table) string {
		t.Helper()
		res := mustRun(t, testConfig(), p, left, right)
		for _, m := range res.Matches {
			if left.Text(left.Col("surname"), m.Left) == "SMITH" {
				return m.ID
			}
		}
		t.Fatal("no match for John Smith")
		return ""
	}
	base := id(pensions(t, john()), deceased(t, johnDied()))
	if want := MatchID("pensions-deceased", "pensions", pensionsBody, "P1", "deceased", deceasedBody, "D1"); base != want {
		t.Errorf("match id = %s, want MatchID of the rule, datasets, bodies and references %s", base, want)
	}
	if len(base) != 20 {
		t.Errorf("match id %q has %d characters, want 20", base, len(base))
	}
	other := row{"record_id": "P0", "forenames": "Susan", "surname": "Evans", "date_of_birth": "07071944", "ni_number": "CE111111A"}
	cases := []struct {
		name        string
		left, right *Table
		same        bool
	}{
		{"same inputs", pensions(t, john()), deceased(t, johnDied()), true},
		{"another record first", pensions(t, other, john()), deceased(t, johnDied()), true},
		{"amount changed", pensions(t, john().with("pension_amount", "1")), deceased(t, johnDied()), true},
		{"right record_id changed", pensions(t, john()), deceased(t, johnDied().with("record_id", "D2")), false},
		{"left record_id padded", pensions(t, john().with("record_id", " P1 ")), deceased(t, johnDied()), true}, // trimmed
		{"left record_id changed", pensions(t, john().with("record_id", "P9")), deceased(t, johnDied()), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := id(tc.left, tc.right); (got == base) != tc.same {
				t.Errorf("match id = %s, base %s, want same %v", got, base, tc.same)
			}
		})
	}
	// The parts are delimited: moving a character between them changes the id.
	if MatchID("r", "ab", "c", "d", "e", "f", "g") == MatchID("r", "a", "bc", "d", "e", "f", "g") {
		t.Error("MatchID does not separate its parts")
	}
}

func TestRunSortsMatches(t *testing.T) {
	people := []struct{ fore, sur, dob, nino, pc string }{
		{"John", "Smith", "01021950", "AB123401C", "LS1 1AA"},
		{"Mary", "Jones", "02031951", "AB123402C", "LS2 2AB"},
		{"Peter", "Taylor", "03041952", "AB123403C", "LS3 3AD"},
		{"Susan", "Brown", "04051953", "AB123404C", "LS4 4AE"},
		{"David", "Wilson", "05061954", "AB123405C", "LS5 5AF"},
		{"Helen", "Evans", "06071955", "AB123406C", "LS6 6AG"},
	}
	var left, right []row
	for i, pp := range people {
		id := string(rune('1' + i))
		p := row{"record_id": "P" + id, "forenames": pp.fore, "surname": pp.sur, "date_of_birth": pp.dob,
			"ni_number": pp.nino, "postcode": pp.pc, "date_last_paid": "28052025", "pension_amount": "100", "payment_frequency": "M"}
		d := row{"record_id": "D" + id, "forenames": pp.fore, "surname": pp.sur, "date_of_birth": pp.dob,
			"ni_number": pp.nino, "postcode": pp.pc, "date_of_death": "10032025"}
		if i%3 == 1 {
			d["ni_number"] = "CE98765" + id + "A" // NI else: 29 - 16 = 13
		}
		left, right = append(left, p), append(right, d)
	}
	res := mustRun(t, Config{Workers: 3, ChunkRows: 1}, builtinPlan(t), pensions(t, left...), deceased(t, right...))
	var scores []float64
	for i, m := range res.Matches {
		scores = append(scores, m.Score)
		if m.Left != m.Right {
			t.Errorf("match %d pairs rows %d and %d, want one person", i, m.Left, m.Right)
		}
		if i > 0 {
			prev := res.Matches[i-1]
			if prev.Score < m.Score || (prev.Score == m.Score && prev.ID >= m.ID) {
				t.Errorf("matches %d and %d out of order: %g %s then %g %s", i-1, i, prev.Score, prev.ID, m.Score, m.ID)
			}
		}
	}
	// No address on either side: full score 29, or 13 without the NI number.
	if want := []float64{29, 29, 29, 29, 13, 13}; !reflect.DeepEqual(scores, want) {
		t.Errorf("scores = %v, want %v", scores, want)
	}
}

func TestRunErrors(t *testing.T) {
	p := builtinPlan(t)
	e, err := New(testConfig())
	if err != nil {
		t.Fatal(err)
	}
	l, r := pensions(t, john()), deceased(t, johnDied())
	_, err = e.Run(context.Background(), p, r, l)
	if err == nil || !strings.Contains(err.Error(), "rule pensions-deceased links pensions to deceased, got tables deceased and pensions") {
		t.Errorf("Run(deceased, pensions) = %v, want the tables named", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.Run(ctx, p, l, r); !errors.Is(err, context.Canceled) {
		t.Errorf("Run(cancelled) = %v, want context.Canceled", err)
	}
}

func TestConfigValidate(t *testing.T) {
	cases := []struct {
		name string
		cfg  Config
		want string // "" when valid
	}{
		{"default", DefaultConfig(), ""},
		{"guard off", Config{Workers: 1, ChunkRows: 1}, ""},
		{"no workers", Config{Workers: 0, ChunkRows: 1}, "workers 0: must be at least 1"},
		{"negative workers", Config{Workers: -2, ChunkRows: 1}, "workers -2: must be at least 1"},
		{"no chunk rows", Config{Workers: 1, ChunkRows: 0}, "chunk rows 0: must be at least 1"},
		{"negative guard", Config{Workers: 1, ChunkRows: 1, MaxBlockPairs: -1}, "max block pairs -1: must not be negative"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.Validate()
			if tc.want == "" {
				if err != nil {
					t.Errorf("Validate(%+v) = %v, want nil", tc.cfg, err)
				}
				if _, err := New(tc.cfg); err != nil {
					t.Errorf("New(%+v) = %v, want an engine", tc.cfg, err)
				}
				return
			}
			if err == nil || err.Error() != tc.want {
				t.Errorf("Validate(%+v) = %v, want %s", tc.cfg, err, tc.want)
			}
			if _, err := New(tc.cfg); err == nil || err.Error() != "matcher config: "+tc.want {
				t.Errorf("New(%+v) = %v, want matcher config: %s", tc.cfg, err, tc.want)
			}
		})
	}
	if d := DefaultConfig(); d.Workers < 1 || d.ChunkRows != 1024 || d.MaxBlockPairs != 25_000_000 {
		t.Errorf("DefaultConfig() = %+v", d)
	}
}

// TestReportOrder: matches come out by score, highest first (minus zero
// and zero being one score, negative scores last), then by id, then by
// rows, whatever order they went in, and in the same order whether one
// goroutine sorts them or several sort stretches and merge them, odd
// numbers of stretches included.
func TestReportOrder(t *testing.T) {
	defer func(n int) { minStretch = n }(minStretch)
	minStretch = 100
	rng := rand.New(rand.NewPCG(7, 8))
	scores := []float64{12, 12.5, -3, 0, math.Copysign(0, -1), 1e-300, -1e-300, 40, 13}
	ids := []string{"a", "b", "0123456789abcdefAA", "0123456789abcdefAB", "0123456789abcdef"}
	ms := make([]Match, 3000)
	for i := range ms {
		ms[i] = Match{Score: scores[rng.IntN(len(scores))], ID: ids[rng.IntN(len(ids))], Left: rng.IntN(5), Right: rng.IntN(5)}
	}
	key := func(i int) matchKey { return newMatchKey(&ms[i], int64(ms[i].Left), int64(ms[i].Right)) }
	perm := reportOrder(len(ms), 1, key)
	for _, workers := range []int{2, 3, 5, 8, 64} {
		// Matches of equal keys (the same pair) may change places.
		got := reportOrder(len(ms), workers, key)
		if !slices.EqualFunc(got, perm, func(a, b int32) bool { return key(int(a)) == key(int(b)) }) {
			t.Fatalf("%d workers: the order differs from one worker's", workers)
		}
	}
	for k := 1; k < len(perm); k++ {
		a, b := &ms[perm[k-1]], &ms[perm[k]]
		var wrong bool
		switch {
		case a.Score != b.Score:
			wrong = a.Score < b.Score
		case a.ID != b.ID:
			wrong = a.ID > b.ID
		case a.Left != b.Left:
			wrong = a.Left > b.Left
		default:
			wrong = a.Right > b.Right
		}
		if wrong {
			t.Fatalf("place %d: %+v before %+v", k, *a, *b)
		}
	}
	seen := make([]bool, len(ms))
	for _, i := range perm {
		if seen[i] {
			t.Fatalf("match %d placed twice", i)
		}
		seen[i] = true
	}
}
