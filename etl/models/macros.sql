-- macros: value parsers shared by every staging model. Each returns NULL when the text cannot be
-- read as that type; the staging model then records a reject with the reason. Nothing is guessed:
-- '12.3万元' is 12.3 (the column is in 万元), '1.2亿元' is 12000, but '5000元' is refused.

-- Trim ASCII and full-width spaces, tabs, line breaks and a stray BOM; empty text becomes NULL.
-- This runs on every cell, so the common case (nothing to trim) is decided by cheap edge tests
-- (prefix/suffix compare bytes) and only the rare padded cell pays for the regular expression.
CREATE OR REPLACE MACRO clean_text(s) AS (
  CASE
    WHEN s IS NULL OR s = '' THEN NULL
    WHEN prefix(s, ' ') OR suffix(s, ' ') OR prefix(s, '　') OR suffix(s, '　') OR prefix(s, chr(65279)) OR suffix(s, chr(65279))
         OR contains(s, E'\t') OR contains(s, E'\n') OR contains(s, E'\r')
      THEN nullif(regexp_replace(s, '^[\s\x{3000}\x{FEFF}]+|[\s\x{3000}\x{FEFF}]+$', '', 'g'), '')
    ELSE s
  END);

-- The same trim without the cheap edge tests, for a cell already known to hold white space (the
-- staging models call it only on rows flagged `padded`; a smaller expression is quicker to plan).
CREATE OR REPLACE MACRO trim_text(s) AS nullif(regexp_replace(s, '^[\s\x{3000}\x{FEFF}]+|[\s\x{3000}\x{FEFF}]+$', '', 'g'), '');

-- A row's cells joined are nothing but white space: a blank row (not a data row).
CREATE OR REPLACE MACRO is_blank_text(t) AS (
  CASE
    WHEN t IS NULL OR t = '' THEN TRUE
    WHEN NOT (prefix(t, ' ') OR prefix(t, E'\t') OR prefix(t, E'\r') OR prefix(t, E'\n') OR prefix(t, '　') OR prefix(t, chr(65279))) THEN FALSE
    ELSE clean_text(t) IS NULL
  END);

-- Number text from cleaned text c: full-width digits and signs to ASCII, thousands separators and
-- spaces removed.
CREATE OR REPLACE MACRO num_text(c) AS
  replace(replace(replace(translate(c, '０１２３４５６７８９．，－＋％', '0123456789.,-+%'), ',', ''), ' ', ''), chr(12288), '');
CREATE OR REPLACE MACRO norm_num(s) AS num_text(clean_text(s));

-- The parsers below take normalised number text n. Each names n only a few times: a macro's
-- argument is copied into its body, and nested copies made the staging models slow to plan.

-- A plain decimal: digits with at most one point and an optional sign (no 1e5, nan, inf).
CREATE OR REPLACE MACRO number_of(n) AS CASE WHEN regexp_full_match(n, '[+-]?[0-9]+(\.[0-9]+)?') THEN CAST(n AS DOUBLE) END;

-- Amount in 万元: '1234.5', '12.3万元', '12.3万', '1.2亿元', '1.2亿'.
CREATE OR REPLACE MACRO amount_of(n) AS (
  CASE WHEN regexp_full_match(n, '[+-]?[0-9]+(\.[0-9]+)?(万元|万|亿元|亿)?')
    THEN CAST(regexp_extract(n, '^[+-]?[0-9]+(\.[0-9]+)?') AS DOUBLE) * CASE WHEN contains(n, '亿') THEN 10000 ELSE 1 END
  END);
CREATE OR REPLACE MACRO parse_amount(s) AS amount_of(norm_num(s));

-- Percentage 0–100: '90', '90%', '90.5％'. A fraction like 0.9 stays 0.9 (it is not rescaled).
CREATE OR REPLACE MACRO pct_of(n) AS CASE WHEN regexp_full_match(n, '[+-]?[0-9]+(\.[0-9]+)?%?') THEN CAST(rtrim(n, '%') AS DOUBLE) END;
CREATE OR REPLACE MACRO parse_pct(s) AS pct_of(norm_num(s));

-- Whole number below 10⁹: '12', '1200', '12.0'.
CREATE OR REPLACE MACRO int_of(n) AS CASE WHEN regexp_full_match(n, '[+-]?0*[0-9]{1,9}(\.0+)?') THEN CAST(CAST(n AS DOUBLE) AS INTEGER) END;
CREATE OR REPLACE MACRO parse_int(s) AS int_of(norm_num(s));

-- Typed values from cleaned text c, as the staging models call them: most cells are plain ASCII
-- digits or ISO dates, read by one match and a cast; the rest go through the full parser above.
CREATE OR REPLACE MACRO to_number(c) AS CASE WHEN regexp_full_match(c, '[0-9]{1,15}(\.[0-9]{1,9})?') THEN CAST(c AS DOUBLE) ELSE number_of(num_text(c)) END;
CREATE OR REPLACE MACRO to_amount(c) AS CASE WHEN regexp_full_match(c, '[0-9]{1,15}(\.[0-9]{1,9})?') THEN CAST(c AS DOUBLE) ELSE amount_of(num_text(c)) END;
CREATE OR REPLACE MACRO to_pct(c) AS CASE WHEN regexp_full_match(c, '[0-9]{1,15}(\.[0-9]{1,9})?') THEN CAST(c AS DOUBLE) ELSE pct_of(num_text(c)) END;
CREATE OR REPLACE MACRO to_int(c) AS CASE WHEN regexp_full_match(c, '[0-9]{1,9}') THEN CAST(c AS INTEGER) ELSE int_of(num_text(c)) END;

-- Dates from cleaned text c: 2021-03-05, 2021/3/5, 2021年3月5日, 2021.3.5, 20210305, an Excel serial
-- day (20000–80000), or a timestamp whose time is midnight. Impossible dates (2023-02-30) give NULL.
CREATE OR REPLACE MACRO date_of(c) AS (
  CASE
    WHEN length(c) = 5 AND int_of(c) BETWEEN 20000 AND 80000 THEN DATE '1899-12-30' + int_of(c)
    ELSE CAST(try_strptime(CASE WHEN ends_with(c, ' 00:00:00') THEN left(c, length(c) - 9) ELSE c END,
                           ['%Y-%m-%d', '%Y/%m/%d', '%Y年%m月%d日', '%Y.%m.%d', '%Y%m%d']) AS DATE)
  END);
-- (2024/2/6, as Excel and WPS write dates in CSV, has its own fast path: date_of tries its formats in turn)
CREATE OR REPLACE MACRO to_date(c) AS CASE
  WHEN regexp_full_match(c, '[0-9]{4}-[0-9]{2}-[0-9]{2}') THEN TRY_CAST(c AS DATE)
  WHEN regexp_full_match(c, '[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}') THEN CAST(try_strptime(c, '%Y/%m/%d') AS DATE)
  ELSE date_of(c) END;
CREATE OR REPLACE MACRO parse_date(s) AS to_date(clean_text(s));

-- 是/否 and their usual spellings. (list_contains, not IN: DuckDB plans a long IN list as a join
-- that runs on every row, outside the CASE.)
CREATE OR REPLACE MACRO bool_of(c) AS (
  CASE
    WHEN list_contains(['是', 'Y', 'YES', 'TRUE', '1', '√', '✓', '有', '已纳入', '涉密'], upper(c)) THEN TRUE
    WHEN list_contains(['否', 'N', 'NO', 'FALSE', '0', '×', '✗', '无', '未纳入', '不涉密'], upper(c)) THEN FALSE
  END);
CREATE OR REPLACE MACRO to_bool(c) AS CASE c WHEN '是' THEN TRUE WHEN '否' THEN FALSE ELSE bool_of(c) END;
CREATE OR REPLACE MACRO parse_bool(s) AS to_bool(clean_text(s));

-- 已授权 achievement types (DESIGN.md data contract 1): the rest are 未授权. The ledger's is_granted.
CREATE OR REPLACE MACRO granted_type(t) AS list_contains(['专利权', '计算机软件著作权', '集成电路布图设计专有权', '植物新品种权', '生物医药新品种', '技术秘密'], t);

-- Unified social credit code (GB 32100-2015): 18 characters from the 31-letter set, check digit
-- = (31 − Σ(value × weight) mod 31) mod 31 over the first 17. The sum is written out term by term:
-- a list_transform lambda here cost ~30 µs per code, the written-out sum ~1 µs.
CREATE OR REPLACE MACRO uscc_ok(s) AS (
  length(s) = 18
  AND regexp_full_match(s, '[0-9A-HJ-NPQRTUWXY]{18}')
  AND (31 - ((
        (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', s[1]) - 1) * 1
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', s[2]) - 1) * 3
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', s[3]) - 1) * 9
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', s[4]) - 1) * 27
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', s[5]) - 1) * 19
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', s[6]) - 1) * 26
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', s[7]) - 1) * 16
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', s[8]) - 1) * 17
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', s[9]) - 1) * 20
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', s[10]) - 1) * 29
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', s[11]) - 1) * 25
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', s[12]) - 1) * 13
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', s[13]) - 1) * 8
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', s[14]) - 1) * 24
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', s[15]) - 1) * 10
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', s[16]) - 1) * 30
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', s[17]) - 1) * 28
      ) % 31)) % 31
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
