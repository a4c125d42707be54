package bench

// peopleRule links the two people files: three blocking passes and six
// comparisons, hand-weighted. peopleSQL in duckdb_test.go is the same
// blocking and comparisons in SQL; change both together.
const peopleRule = `version: 1
id: people
title: Generated people, linked
description: Speed benchmark - two files of generated people, half of the second altered copies of the first.
left: person
right: person
blocking:
  - name: identifier
    keys: [identifier]
  - name: birth_family
    keys: [date_of_birth, initial(family_name)]
  - name: postal_code
    keys: [postal_code]
comparisons:
  - id: given_name
    kind: name
    fields: [given_name]
    levels:
      - {level: exact, weight: 5}
      - {level: jaro_winkler, min: 0.9, weight: 3}
      - {level: missing, weight: 0}
      - {level: else, weight: -4}
  - id: family_name
    kind: name
    fields: [family_name]
    levels:
      - {level: exact, weight: 6}
      - {level: jaro_winkler, min: 0.9, weight: 4}
      - {level: missing, weight: 0}
      - {level: else, weight: -5}
  - id: date_of_birth
    kind: date
    fields: [date_of_birth]
    levels:
      - {level: exact, weight: 7}
      - {level: within_days, days: 31, weight: 2}
      - {level: missing, weight: 0}
      - {level: else, weight: -5}
  - id: identifier
    kind: text
    fields: [identifier]
    levels:
      - {level: exact, weight: 10}
      - {level: jaro_winkler, min: 0.9, weight: 4}
      - {level: missing, weight: 0}
      - {level: else, weight: -6}
  - id: street
    kind: text
    fields: [address_1]
    levels:
      - {level: exact, weight: 3}
      - {level: jaro_winkler, min: 0.85, weight: 1}
      - {level: missing, weight: 0}
      - {level: else, weight: -1}
  - id: postal_code
    kind: text
    fields: [postal_code]
    levels:
      - {level: exact, weight: 3}
      - {level: missing, weight: 0}
      - {level: else, weight: -1}
bands:
  high: 20
  medium: 15
  low: 12
reason: "{{.Evidence}}."
`

const peopleJob = `version: 1
name: people
output: out
datasets:
  - {id: a, type: person, body: Benchmark A, path: people_a.csv}
  - {id: b, type: person, body: Benchmark B, path: people_b.csv}
reports:
  - {name: people, file: people.rule.yaml, left: a, right: b}
`
