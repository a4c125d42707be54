package matcher

// A training run's prior on data whose one blocking pass keys on a
// compared field.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
)

const priorRule = `version: 1
id: prior-test
left: pensions
right: deceased
blocking:
  - name: dob
    keys: [date_of_birth]
comparisons:
  - id: surname
    kind: name
    fields: [surname]
    levels:
      - {level: exact, weight: 4}
      - {level: else, weight: -4}
  - id: forenames
    kind: name
    fields: [forenames]
    levels:
      - {level: exact, weight: 4}
      - {level: else, weight: -4}
  - id: date_of_birth
    kind: date
    fields: [date_of_birth]
    levels:
      - {level: exact, weight: 5}
      - {level: else, weight: -5}
bands: {high: 20, medium: 10, low: 1}
`

func TestTrainPriorIgnoresKeyedAgreement(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	pool := []string{"Smith", "Jones", "Brown", "Taylor", "Wilson", "Evans", "Thomas", "Roberts", "Walker", "Wright"}
	dob := func() string { return fmt.Sprintf("%02d%02d1950", 1+rng.IntN(28), 1+rng.IntN(6)) } // 168 dates
	var L, R []row
	const n, same = 400, 40
	for i := 0; i < n; i++ {
		s, d, f := pool[rng.IntN(len(pool))], dob(), pool[rng.IntN(len(pool))]
		L = append(L, row{"record_id": fmt.Sprintf("L%d", i), "surname": s, "forenames": f, "date_of_birth": d})
		if i < same {
			R = append(R, row{"record_id": fmt.Sprintf("R%d", i), "surname": s, "forenames": f, "date_of_birth": d})
		} else {
			R = append(R, row{"record_id": fmt.Sprintf("R%d", i), "surname": pool[rng.IntN(len(pool))], "forenames": pool[rng.IntN(len(pool))], "date_of_birth": dob()})
		}
	}
	p := planYAML(t, priorRule)
	e, _ := New(testConfig())
	cfg := DefaultTrainConfig()
	cfg.Pairs = 100000
	ps, err := e.Train(context.Background(), p, pensions(t, L...), deceased(t, R...), cfg)
	if err != nil {
		t.Fatal(err)
	}
	// Every candidate pair agrees on the date of birth because the pass
	// made it: counted as evidence, that agreement once pushed the prior
	// up about 24 times.
	truth := float64(same) / (n * n)
	if got := *ps.Prior; got < truth/2 || got > truth*2 {
		t.Errorf("prior %g, want within a factor 2 of the true %g (blocked pairs %d)", got, truth, ps.BlockedPairs)
	}
}
