package extract

import "testing"

func TestSplitFullName(t *testing.T) {
	tests := []struct {
		name, in string
		want     FullName
	}{
		{"empty", "", FullName{}},
		{"only punctuation", " , - ", FullName{}},
		{"one word", "Smith", FullName{Surname: "Smith"}},
		{"two words", "John Smith", FullName{Forenames: "John", Surname: "Smith"}},
		{"title forename initial surname suffix", "MR JOHN A SMITH JNR",
			FullName{Title: "MR", Forenames: "JOHN", Middle: "A", Surname: "SMITH", Suffix: "JR"}},
		{"surname first", "SMITH, JOHN", FullName{Forenames: "JOHN", Surname: "SMITH"}},
		{"title with full stop and hyphenated forename", "Dr. Mary-Ann O'Neill",
			FullName{Title: "DR", Forenames: "Mary-Ann", Surname: "O'Neill"}},
		{"hyphenated surname", "Mrs Anne Smith-Jones", FullName{Title: "MRS", Forenames: "Anne", Surname: "Smith-Jones"}},
		{"particles", "Maria de la Cruz", FullName{Forenames: "Maria", Surname: "de la Cruz"}},
		{"particles and a middle name", "Maria Luisa de la Cruz", FullName{Forenames: "Maria", Middle: "Luisa", Surname: "de la Cruz"}},
		{"van der", "Jan van der Berg", FullName{Forenames: "Jan", Surname: "van der Berg"}},
		{"Mc apart", "John Mc Donald", FullName{Forenames: "John", Surname: "Mc Donald"}},
		{"O apart", "Sean O Neill", FullName{Forenames: "Sean", Surname: "O Neill"}},
		{"particle as a forename", "Di Smith", FullName{Forenames: "Di", Surname: "Smith"}},
		{"particle as the surname", "Thi Le", FullName{Forenames: "Thi", Surname: "Le"}},
		{"several middle names", "John Paul George Smith", FullName{Forenames: "John", Middle: "Paul George", Surname: "Smith"}},
		{"initials run together", "J.A. Smith", FullName{Forenames: "J.", Middle: "A.", Surname: "Smith"}},
		{"initials without stops", "J A SMITH", FullName{Forenames: "J", Middle: "A", Surname: "SMITH"}},
		{"two titles", "Rev Dr John Smith", FullName{Title: "REV DR", Forenames: "John", Surname: "Smith"}},
		{"title alone is a surname", "Lord", FullName{Surname: "Lord"}},
		{"title and one word", "Mr Smith", FullName{Title: "MR", Surname: "Smith"}},
		{"suffix needs two names", "John Junior", FullName{Forenames: "John", Surname: "Junior"}},
		{"roman suffix", "Henry Ford II", FullName{Forenames: "Henry", Surname: "Ford", Suffix: "II"}},
		{"honours dropped", "Jane Smith OBE", FullName{Forenames: "Jane", Surname: "Smith"}},
		{"honours and suffix", "John Smith Jnr Esq", FullName{Forenames: "John", Surname: "Smith", Suffix: "JR"}},
		{"extra spaces", "  John   Smith  ", FullName{Forenames: "John", Surname: "Smith"}},
		{"brackets", "Smith, John (Mr)", FullName{Title: "MR", Forenames: "John", Surname: "Smith"}},
		{"surname first with title", "SMITH, MR JOHN A", FullName{Title: "MR", Forenames: "JOHN", Middle: "A", Surname: "SMITH"}},
		{"surname first with title last", "SMITH, JOHN MR", FullName{Title: "MR", Forenames: "JOHN", Surname: "SMITH"}},
		{"surname first with suffix on the surname", "SMITH JNR, JOHN", FullName{Forenames: "JOHN", Surname: "SMITH", Suffix: "JR"}},
		{"surname first with suffix last", "SMITH, JOHN, JNR", FullName{Forenames: "JOHN", Surname: "SMITH", Suffix: "JR"}},
		{"surname first with particles", "DE LA CRUZ, MARIA", FullName{Forenames: "MARIA", Surname: "DE LA CRUZ"}},
		{"surname first only a title after", "SMITH, MR", FullName{Title: "MR", Surname: "SMITH"}},
		{"comma before a suffix", "John Smith, Jnr", FullName{Forenames: "John", Surname: "Smith", Suffix: "JR"}},
		{"comma before honours", "Jane Smith, OBE", FullName{Forenames: "Jane", Surname: "Smith"}},
		{"nothing before the comma", ", John Smith", FullName{Forenames: "John", Surname: "Smith"}},
		{"nothing after the comma", "Smith,", FullName{Surname: "Smith"}},
		{"accents kept as written", "Zoë Brontë", FullName{Forenames: "Zoë", Surname: "Brontë"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SplitFullName(tt.in); got != tt.want {
				t.Errorf("SplitFullName(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}
