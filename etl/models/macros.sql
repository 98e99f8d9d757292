-- macros: value parsers shared by every staging model. Each returns NULL when the text cannot be
-- read as that type; the staging model then records a reject with the reason. Nothing is guessed:
-- '12.3万元' is 12.3 (the column is in 万元), '1.2亿元' is 12000, but '5000元' is refused.

-- Trim ASCII and full-width spaces, tabs, line breaks and a stray BOM; empty text becomes NULL.
-- This runs on every cell, so the common case (nothing to trim) is decided by two cheap edge tests
-- and only the rare padded cell pays for the regular expression.
CREATE OR REPLACE MACRO clean_text(s) AS (
  CASE
    WHEN s IS NULL OR s = '' THEN NULL
    WHEN contains(E' \t\r\n', left(s, 1)) OR contains(E' \t\r\n', right(s, 1))
         OR contains('　﻿', left(s, 1)) OR contains('　﻿', right(s, 1))
      THEN nullif(regexp_replace(s, '^[\s\x{3000}\x{FEFF}]+|[\s\x{3000}\x{FEFF}]+$', '', 'g'), '')
    ELSE s
  END);

-- A row's cells joined are nothing but white space: a blank row (not a data row).
CREATE OR REPLACE MACRO is_blank_text(t) AS (
  CASE
    WHEN t IS NULL OR t = '' THEN TRUE
    WHEN NOT (contains(E' \t\r\n', left(t, 1)) OR contains('　﻿', left(t, 1))) THEN FALSE
    ELSE clean_text(t) IS NULL
  END);

-- Number text from cleaned text c: full-width digits and signs to ASCII, thousands separators and
-- spaces removed. Text that is already plain ASCII digits (the common case) is returned as is.
CREATE OR REPLACE MACRO num_text(c) AS (
  CASE WHEN c IS NULL OR length(translate(c, '0123456789.', '')) = 0 THEN c
       ELSE replace(replace(replace(translate(c, '０１２３４５６７８９．，－＋％', '0123456789.,-+%'), ',', ''), ' ', ''), chr(12288), '')
  END);
CREATE OR REPLACE MACRO norm_num(s) AS num_text(clean_text(s));

-- n is a plain decimal: digits with at most one point and an optional sign (no 1e5, nan, inf).
CREATE OR REPLACE MACRO is_plain_number(n) AS (
  n IS NOT NULL AND length(translate(n, '0123456789.+-', '')) = 0
  AND length(n) - length(replace(n, '.', '')) <= 1
  AND length(n) - length(replace(replace(n, '+', ''), '-', '')) <= 1
  AND regexp_full_match(n, '[+-]?[0-9]+(\.[0-9]+)?'));

-- n without the unit suffix u (the number in front of 万元, %, …), or NULL when it does not end with u.
CREATE OR REPLACE MACRO strip_suffix(n, u) AS CASE WHEN ends_with(n, u) THEN left(n, length(n) - length(u)) END;

-- A plain number read from normalised text n.
CREATE OR REPLACE MACRO number_of(n) AS CASE WHEN is_plain_number(n) THEN CAST(n AS DOUBLE) END;

-- Amount in 万元 from normalised text: '1234.5', '12.3万元', '12.3万', '1.2亿元'.
CREATE OR REPLACE MACRO amount_of(n) AS coalesce(
  number_of(n), number_of(strip_suffix(n, '万元')), number_of(strip_suffix(n, '万')),
  number_of(strip_suffix(n, '亿元')) * 10000, number_of(strip_suffix(n, '亿')) * 10000);
CREATE OR REPLACE MACRO parse_amount(s) AS amount_of(norm_num(s));

-- Percentage 0–100: '90', '90%', '90.5％'. A fraction like 0.9 stays 0.9 (it is not rescaled).
CREATE OR REPLACE MACRO pct_of(n) AS coalesce(number_of(n), number_of(strip_suffix(n, '%')));
CREATE OR REPLACE MACRO parse_pct(s) AS pct_of(norm_num(s));

-- Whole number: '12', '1200', '12.0'.
CREATE OR REPLACE MACRO int_of(n) AS CASE WHEN number_of(n) = floor(number_of(n)) AND abs(number_of(n)) < 1e9 THEN CAST(number_of(n) AS INTEGER) END;
CREATE OR REPLACE MACRO parse_int(s) AS int_of(norm_num(s));

-- Dates from cleaned text c: 2021-03-05, 2021/3/5, 2021年3月5日, 2021.3.5, 20210305, an Excel serial
-- day (20000–80000), or a timestamp whose time is midnight. Impossible dates (2023-02-30) give NULL.
CREATE OR REPLACE MACRO date_of(c) AS (
  CASE
    WHEN length(c) = 5 AND int_of(c) BETWEEN 20000 AND 80000 THEN DATE '1899-12-30' + int_of(c)
    ELSE CAST(try_strptime(CASE WHEN ends_with(c, ' 00:00:00') THEN left(c, length(c) - 9) ELSE c END,
                           ['%Y-%m-%d', '%Y/%m/%d', '%Y年%m月%d日', '%Y.%m.%d', '%Y%m%d']) AS DATE)
  END);
CREATE OR REPLACE MACRO parse_date(s) AS date_of(clean_text(s));

-- 是/否 and their usual spellings.
CREATE OR REPLACE MACRO bool_of(c) AS (
  CASE
    WHEN upper(c) IN ('是', 'Y', 'YES', 'TRUE', '1', '√', '✓', '有', '已纳入', '涉密') THEN TRUE
    WHEN upper(c) IN ('否', 'N', 'NO', 'FALSE', '0', '×', '✗', '无', '未纳入', '不涉密') THEN FALSE
  END);
CREATE OR REPLACE MACRO parse_bool(s) AS bool_of(clean_text(s));

-- Unified social credit code (GB 32100-2015): 18 characters from the 31-letter set, check digit
-- = (31 − Σ(value × weight) mod 31) mod 31 over the first 17.
CREATE OR REPLACE MACRO uscc_ok(s) AS (
  length(s) = 18
  AND regexp_full_match(s, '[0-9A-HJ-NPQRTUWXY]{18}')
  AND (31 - (list_sum(list_transform(range(1, 18), i ->
        (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', s[i]) - 1)
        * [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28][i])) % 31)) % 31
      = strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', s[18]) - 1);

-- USCC text as written: upper case, no spaces.
CREATE OR REPLACE MACRO norm_uscc(s) AS upper(replace(replace(translate(clean_text(s), '０１２３４５６７８９', '0123456789'), ' ', ''), chr(12288), ''));

-- ISO week '2026-W46' (also '2026W46', '2026年第46周') → the Monday of that week; a week the year
-- does not have (2021-W53) gives NULL.
CREATE OR REPLACE MACRO week_text(s) AS (
  CASE WHEN regexp_full_match(clean_text(s), '([0-9]{4})\s*(-?W|年第)\s*([0-9]{1,2})周?')
    THEN regexp_extract(clean_text(s), '([0-9]{4})', 1) || '-W' ||
         lpad(regexp_extract(clean_text(s), '([0-9]{4})\s*(-?W|年第)\s*([0-9]{1,2})', 3), 2, '0')
  END);
CREATE OR REPLACE MACRO parse_week(s) AS (
  CASE WHEN strftime(try_strptime(week_text(s) || '-1', '%G-W%V-%u'), '%G-W%V') = week_text(s)
    THEN CAST(try_strptime(week_text(s) || '-1', '%G-W%V-%u') AS DATE)
  END);

-- The ISO week label of a date: 2026-11-09 → '2026-W46'.
CREATE OR REPLACE MACRO iso_week_label(d) AS strftime(d, '%G-W%V');

-- A text cell that a spreadsheet would run as a formula.
CREATE OR REPLACE MACRO looks_like_formula(s) AS regexp_matches(coalesce(s, ''), '^[=+\-@\t\r]');
