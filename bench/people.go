package bench

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

// People files: a generated person link job for speed benchmarks, in the
// generic person dataset's layout (extract.Person), written already
// normalised so that nfimatch and DuckDB read the same values.
const (
	PeopleLeft  = "people_a.csv"
	PeopleRight = "people_b.csv"
	PeopleRule  = "people.rule.yaml"
	PeopleJob   = "job.yaml"
	peopleHead  = "record_id,given_name,family_name,date_of_birth,identifier,street_number,address_1,locality,postal_code\n"
)

var (
	givenNames = []string{"OLIVER", "AMELIA", "GEORGE", "ISLA", "HARRY", "AVA", "NOAH", "MIA", "JACK", "IVY",
		"LEO", "LILY", "ARTHUR", "FREYA", "MUHAMMAD", "GRACE", "OSCAR", "SOPHIA", "CHARLIE", "EMILY",
		"MARGARET", "ROBERT", "PATRICIA", "JOHN", "SUSAN", "DAVID", "ELIZABETH", "PETER", "BARBARA", "JAMES"}
	familyNames = []string{"SMITH", "JONES", "WILLIAMS", "TAYLOR", "BROWN", "DAVIES", "EVANS", "WILSON", "THOMAS", "JOHNSON",
		"ROBERTS", "ROBINSON", "THOMPSON", "WRIGHT", "WALKER", "WHITE", "EDWARDS", "HUGHES", "GREEN", "HALL",
		"LEWIS", "HARRIS", "CLARKE", "PATEL", "JACKSON", "WOOD", "TURNER", "MARTIN", "COOPER", "HILL",
		"OKAFOR", "NOWAK", "OBRIEN", "MCDONALD", "KHAN", "SINGH", "MURPHY", "KELLY", "PRICE", "BENNETT"}
	streetWords = []string{"MILL", "HIGH", "CHURCH", "STATION", "ORCHARD", "VICTORIA", "PARK", "MANOR", "KINGS", "QUEENS",
		"ALBERT", "GROVE", "MEADOW", "BRIDGE", "CASTLE", "WILLOW", "OAK", "ELM", "ASH", "BEECH"}
	streetTypes = []string{"ROAD", "STREET", "LANE", "AVENUE", "CLOSE", "CRESCENT", "DRIVE", "WAY"}
	localities  = []string{"EASTBROOK", "WESTMERE", "NORTHAM", "SOUTHWOLD", "LOWFIELD", "HIGHBURY", "ASHFORD", "KINGSLEY"}
)

// person is one generated person's true values.
type person struct {
	given, family, street, locality, postal string
	dob, id, number                         int
}

func newPerson(rng *rand.Rand, i int) person {
	// Names are drawn with a skew towards the first of each list, as real
	// names are, so that some blocks are large.
	pick := func(list []string) string { return list[min(rng.IntN(len(list)), rng.IntN(len(list)))] }
	// A suffix number keeps given and family names varied enough that
	// names are evidence, as they are in a real population of millions.
	return person{
		given:    pick(givenNames) + suffix(rng.IntN(40)),
		family:   pick(familyNames) + suffix(rng.IntN(200)),
		street:   streetWords[rng.IntN(len(streetWords))] + suffix(rng.IntN(50)) + " " + streetTypes[rng.IntN(len(streetTypes))],
		locality: localities[rng.IntN(len(localities))],
		postal:   fmt.Sprintf("P%05d", rng.IntN(200_000)),
		dob:      rng.IntN(25_000), // days from 1930-01-01: about 68 years
		id:       10_000_000 + i,
		number:   1 + rng.IntN(200),
	}
}

// suffix turns a number into letters that lengthen a name: 0 gives none.
func suffix(n int) string {
	if n == 0 {
		return ""
	}
	return string(rune('A'+n%26)) + string(rune('A'+(n/26)%26))
}

// typo changes one letter of s.
func typo(rng *rand.Rand, s string) string {
	if len(s) < 3 {
		return s
	}
	b := []byte(s)
	i := 1 + rng.IntN(len(b)-2)
	if b[i] >= 'A' && b[i] <= 'Z' {
		b[i] = byte('A' + rng.IntN(26))
	}
	return string(b)
}

// WritePeople writes a person link job of n records a side to dir: the
// two files, the rule (six comparisons) and a job file, seeded so that
// runs compare like with like. Half of the right file are altered copies
// of left records (a typo in a name, a missing or changed identifier, a
// move), in a random order; the rest are other people. It streams, so
// that generating ten million records takes little memory.
func WritePeople(dir string, n int, seed uint64) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	lf, err := os.Create(filepath.Join(dir, PeopleLeft))
	if err != nil {
		return err
	}
	defer lf.Close()
	rf, err := os.Create(filepath.Join(dir, PeopleRight))
	if err != nil {
		return err
	}
	defer rf.Close()
	lw, rw := bufio.NewWriterSize(lf, 1<<20), bufio.NewWriterSize(rf, 1<<20)
	lw.WriteString(peopleHead)
	rw.WriteString(peopleHead)
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	var buf []byte
	write := func(w *bufio.Writer, ref string, p person, idMissing bool) {
		buf = append(buf[:0], ref...)
		buf = append(buf, ',')
		buf = append(buf, p.given...)
		buf = append(buf, ',')
		buf = append(buf, p.family...)
		buf = append(buf, ',')
		buf = appendDate(buf, p.dob)
		buf = append(buf, ',')
		if !idMissing {
			buf = strconv.AppendInt(buf, int64(p.id), 10)
		}
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, int64(p.number), 10)
		buf = append(buf, ',')
		buf = append(buf, p.street...)
		buf = append(buf, ',')
		buf = append(buf, p.locality...)
		buf = append(buf, ',')
		buf = append(buf, p.postal...)
		buf = append(buf, '\n')
		w.Write(buf)
	}
	for i := 0; i < n; i++ {
		p := newPerson(rng, i)
		write(lw, "A"+strconv.Itoa(i), p, false)
		q := p
		if rng.IntN(2) == 0 {
			q = newPerson(rng, n+i) // someone else
		} else {
			switch rng.IntN(5) {
			case 0:
				q.given = typo(rng, q.given)
			case 1:
				q.family = typo(rng, q.family)
			case 2:
				moved := newPerson(rng, i)
				q.street, q.number, q.postal, q.locality = moved.street, moved.number, moved.postal, moved.locality
			case 3:
				q.id = 0
			}
		}
		write(rw, "B"+strconv.Itoa(i), q, q.id == 0)
	}
	if err := lw.Flush(); err != nil {
		return err
	}
	if err := rw.Flush(); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, PeopleRule), []byte(peopleRule), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, PeopleJob), []byte(peopleJob), 0o644)
}

// appendDate appends the date days after 1930-01-01 as yyyy-mm-dd.
func appendDate(b []byte, days int) []byte {
	y, m, d := civil(days - 14610) // 1930-01-01 is 14,610 days before 1970-01-01
	b = strconv.AppendInt(b, int64(y), 10)
	b = append(b, '-', byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d/10), byte('0'+d%10))
	return b
}

// civil converts days since 1970-01-01 to a calendar date (Howard
// Hinnant's algorithm), faster than going through time.Time per row.
func civil(z int) (y, m, d int) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}
