-- An analysts' cookbook: DuckDB queries over the reports of a run.
--
-- Run them from the folder that holds out/ (after `make demo`, the
-- repository), in the DuckDB shell (`duckdb`, then paste a query) or one at
-- a time with `duckdb -c "..."`. Every report of a run is read as one table
-- with union_by_name (docs/reports.md gives the columns): a column a report
-- lacks reads as NULL. TestCookbookQueries (batch/cookbook_test.go) runs
-- every query on the demo and checks its answer against the demo's truth.

-- name: matches_by_band
-- How many matches each report has in each band, the investigators' first
-- sort: high-band matches are the likeliest to be one person.
SELECT report_id, band, count(*) AS matches
FROM read_parquet('out/reports/*.parquet', union_by_name = true)
GROUP BY report_id, band
ORDER BY report_id, band;

-- name: money_by_report_and_body
-- Over- and under-payment per report and per body (the left record's body:
-- the council, fund or other body whose payments the rule prices), in
-- pounds. Reports whose rule has no money, and matches whose amount could
-- not be worked out, are left out.
SELECT report_id,
       left_body AS body,
       count(*) AS matches_with_money,
       coalesce(sum(amount) FILTER (WHERE amount > 0), 0) AS overpaid,
       coalesce(-sum(amount) FILTER (WHERE amount < 0), 0) AS underpaid
FROM read_parquet('out/reports/*.parquet', union_by_name = true)
WHERE amount IS NOT NULL
GROUP BY report_id, left_body
ORDER BY report_id, body;

-- name: people_in_more_than_one_report
-- People who appear in more than one report, by NI number: the right
-- record's where it has one (the deceased, the payroll or pension record),
-- else the left record's. One person in several reports is one case to
-- work, not several. Matches with no NI number on either side are left out.
SELECT ni_number,
       count(DISTINCT report_id) AS reports,
       array_to_string(list_sort(list(DISTINCT report_id)), ', ') AS report_ids,
       any_value(surname) AS surname,
       min(date_of_birth) AS date_of_birth
FROM (
    SELECT report_id,
           coalesce(right_ni_number, left_ni_number) AS ni_number,
           coalesce(right_surname, left_surname) AS surname,
           coalesce(right_date_of_birth, left_date_of_birth) AS date_of_birth
    FROM read_parquet('out/reports/*.parquet', union_by_name = true)
)
WHERE ni_number IS NOT NULL
GROUP BY ni_number
HAVING count(DISTINCT report_id) > 1
ORDER BY reports DESC, ni_number;

-- name: top_duplicate_payments
-- The ten largest duplicate creditor payments: the same invoice paid twice
-- within a body, the duplicate amount to recover first.
SELECT left_body AS body,
       left_creditor_name AS creditor,
       left_invoice_number AS invoice,
       left_payment_date AS paid,
       right_invoice_number AS duplicate_invoice,
       right_payment_date AS duplicate_paid,
       amount,
       left_record_id,
       right_record_id,
       match_id
FROM read_parquet('out/reports/*.parquet', union_by_name = true)
WHERE report_id = 'creditor-duplicate-payments'
ORDER BY amount DESC, match_id
LIMIT 10;

-- name: why_one_match_matched
-- Why one match matched: each comparison of its rule, in rule order, with
-- the level it reached and the weight it added; the weights add up to the
-- score. Name the match first, in the same session:
--   SET VARIABLE match_id = '0a1b2c...';
SELECT report_id, match_id, score, band, n, c.comparison, c.level, c.weight
FROM (
    SELECT report_id, match_id, score, band,
           unnest(generate_series(1, len(comparisons))) AS n,
           unnest(comparisons) AS c
    FROM read_parquet('out/reports/*.parquet', union_by_name = true)
    WHERE match_id = getvariable('match_id')
)
ORDER BY n;
