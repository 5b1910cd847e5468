-- =============================================================================
-- type_zoo.sql: a source database holding everything a PostgreSQL -> PostgreSQL
-- migration must carry across unchanged.
--
-- Runs both with `psql -v ON_ERROR_STOP=1 -f type_zoo.sql` and as ONE
-- multi-statement command string (Npgsql, simple or batched protocol): no psql
-- meta-commands, no COPY FROM STDIN, nothing that refuses to run inside a
-- transaction block. Deterministic: no random(), no now(), no gen_random_uuid();
-- pseudo-random data comes from md5()/sha256()/sha512() or a multiplicative
-- hash of the row number, so every run
-- produces byte-identical data. Re-runnable: it drops and recreates its two
-- schemas. Needs a UTF8 database and PostgreSQL 14+ (numeric Infinity,
-- multiranges). Takes a few seconds (the 20 MiB bytea and the 300,000-row table
-- dominate).
--
-- Everything lives in schemas zoo and "Odd Schema".
--
-- Scalar families (one column each, edge values across several rows):
--   zoo.numbers    smallint/integer/bigint (min, max, 0, NULL); numeric
--                  unconstrained (NaN, +/-Infinity, 1e-300, 1000 digits, negative
--                  with 30 decimals, trailing zeros 1.000000, NULL);
--                  numeric(12,4); real and double precision (NaN, +/-Infinity,
--                  -0, subnormals 1e-45 / 5e-324, max, 0.1); money (min, max);
--                  plus a DROPPED column (attisdropped) in the middle.
--   zoo.texts      text, varchar(50), char(10), text COLLATE "C": emoji, CJK,
--                  Arabic, tabs, CR/LF, backslashes, quotes, '' vs NULL, the
--                  strings 'NULL' and '\N' (COPY text-format null markers),
--                  combining accents, 50 emoji in varchar(50), 100,000-char
--                  text (TOAST); plus a column ADDED later with a DEFAULT
--                  (attmissingval: rows inserted before it have no stored value).
--   zoo.binaries   bytea: empty, one zero byte, zeros+text, all 256 byte values,
--                  md5 bytes, NULL, and one 20 MiB (20,971,520-byte)
--                  incompressible value built from sha512().
--   zoo.temporal   date, time, timetz, timestamp, timestamptz, interval:
--                  +/-infinity, 4713-01-01 BC, 294276-12-31 23:59:59.999999,
--                  5874897-12-31 (max date), 24:00:00, offsets +/-15:59,
--                  microseconds, 2000-01-01 (binary epoch = 0), leap day,
--                  interval +/-178000000 years, mixed-sign months/days/micros,
--                  '36 hours' vs '1 day 12 hours' (equal by = , different bytes).
--   zoo.documents  json byte for byte (odd whitespace, duplicate keys, key order,
--                  \u0000, number spellings 1e3 / -0 / 2.50, json 'null'),
--                  jsonb (normalised), xml document and fragment, CDATA,
--                  comments, namespaces, empty xml.
--   zoo.network    inet (host with mask, v4, v6, v4-mapped), cidr, macaddr,
--                  macaddr8.
--   zoo.bits_and_flags  boolean (t/f/NULL), bit(8), varbit (empty, 1, 100 bits),
--                  uuid (nil, max, md5-derived).
--   zoo.arrays     integer[] with NULL elements, '{}' vs '{NULL}' vs NULL,
--                  non-default lower bound [0:2], text[] with quotes, commas,
--                  backslashes, braces, "NULL" string vs NULL, empty string,
--                  2-D and 3-D arrays, numeric[], float8[] (NaN/Infinity),
--                  timestamptz[], bytea[], boolean[], uuid[], jsonb[].
--   zoo.custom_types  enum column (labels with spaces, quote, emoji), domain over
--                  text with CHECK, domain over numeric(14,2) with CHECK,
--                  int4range (empty, unbounded, normalised), int8range, numrange,
--                  tstzrange (empty, unbounded, infinity), daterange,
--                  int4multirange, tsvector, tsquery.
--   zoo.oid_sensitive  types whose BINARY form embeds type OIDs that differ
--                  between databases: enum[] (array header holds the element
--                  OID), a composite type (each field carries its type OID; one
--                  field is an enum, one an array), composite[], domain[].
--   zoo.misc_types geometric (point, line, lseg, box, path open/closed, polygon,
--                  circle), pg_lsn, "char", name.
--
-- Identifiers: "Odd Schema" (space); "Odd Schema"."Order Lines" (spaces,
--   capitals); "Odd Schema"."données_été" (Unicode table and column names);
--   "Odd Schema"."select" with columns "from", "user", "say ""hi""";
--   zoo."CaseTable" and zoo.casetable (names that differ only by case).
--
-- Keys and constraints:
--   zoo.no_key_dupes        no key at all; identical rows repeated (incl. all-NULL)
--   "Odd Schema"."Order Lines"  composite primary key (integer, text)
--   "Odd Schema"."données_été"  text primary key
--   zoo.devices             uuid primary key + UNIQUE constraint
--   zoo.tickets             integer GENERATED ALWAYS AS IDENTITY
--   zoo.notes               bigint GENERATED BY DEFAULT AS IDENTITY; explicit ids
--                           above the sequence (max(id)=500, sequence at 104)
--   zoo.customers           bigserial, sequence setval'd to 1000 (max(id) = 50)
--   zoo.orders              serial, setval'd to 5000 (max(id) = 200); FOREIGN KEY
--                           to customers ON DELETE CASCADE; CHECK (amount >= 0);
--                           plain index, partial index
--   zoo.customers           expression index on lower(email)
--   zoo.categories          self-referencing foreign key (tree)
--   zoo.computed            GENERATED ALWAYS AS (...) STORED column (COPY must not
--                           name it)
-- Partitioning:
--   zoo.events        RANGE by event_date: 2023, 2024, 2025 + DEFAULT partition;
--                     PRIMARY KEY (id, event_date); rows in every partition
--   zoo.region_sales  LIST by region: eu, us, apac + DEFAULT; PK (region, sale_id)
-- Empty:    zoo.empty_table (0 rows)
-- Bigger:   zoo.big_table, 300,000 rows, bigint PK 1..300000 (several chunks at
--           any rowsPerChunk up to 100,000): text, timestamptz, double, 50-byte
--           bytea, nullable integer (every 7th row NULL).
-- =============================================================================

SET client_min_messages = warning;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, MDY';
SET IntervalStyle = 'postgres';
SET xmloption = content;
SET lc_monetary = 'C';

DO $$
BEGIN
  IF current_setting('server_encoding') <> 'UTF8' THEN
    RAISE EXCEPTION 'type_zoo.sql needs a UTF8 database (this one is %)', current_setting('server_encoding');
  END IF;
  IF current_setting('server_version_num')::int < 140000 THEN
    RAISE EXCEPTION 'type_zoo.sql needs PostgreSQL 14 or later';
  END IF;
END
$$;

DROP SCHEMA IF EXISTS zoo CASCADE;
DROP SCHEMA IF EXISTS "Odd Schema" CASCADE;
CREATE SCHEMA zoo;
CREATE SCHEMA "Odd Schema";

-- ---------------------------------------------------------------- user types
CREATE TYPE zoo.mood AS ENUM ('sad', 'ok', 'happy', 'über glücklich 😀', 'it''s "complicated"');
CREATE DOMAIN zoo.email AS text CHECK (VALUE ~ '^[^[:space:]]+@[^[:space:]]+$');
CREATE DOMAIN zoo.positive_amount AS numeric(14,2) CHECK (VALUE >= 0);
CREATE TYPE zoo.address AS (street text, city text, zip varchar(10), tags text[], mood zoo.mood);

-- ---------------------------------------------------------------- numbers
CREATE TABLE zoo.numbers (
    id          integer PRIMARY KEY,
    small       smallint,
    dropped_col text,                 -- dropped below: leaves a hole in pg_attribute
    i           integer,
    big         bigint,
    num         numeric,
    num_fixed   numeric(12,4),
    r           real,
    d           double precision,
    m           money
);
INSERT INTO zoo.numbers (id, small, dropped_col, i, big, num, num_fixed, r, d, m) VALUES
 (1, -32768, 'x', -2147483648, -9223372036854775808, 'NaN', -99999999.9999, '-Infinity', '-Infinity', '-92233720368547758.08'),
 (2,  32767, 'x',  2147483647,  9223372036854775807, repeat('1234567890', 100)::numeric, 99999999.9999, 'Infinity', 'Infinity', '92233720368547758.07'),
 (3,      0, 'x',           0,                    0, 0, 0, '-0', '-0', '0'),
 (4,   NULL, 'x',        NULL,                 NULL, NULL, NULL, NULL, NULL, NULL),
 (5,      1, 'x',          -1,                    1, '1e-300', 0.0001, '1.4e-45', '4.9e-324', '0.01'),
 (6,     -1, 'x',           1,                   -1, '-12345678901234567890.123456789012345678901234567890', 1.5, '3.4028235e38', '1.7976931348623157e308', '-1.23'),
 (7,     42, 'x',          42,                   42, 'Infinity', '-0.0001', 'NaN', 'NaN', '1234.56'),
 (8,    -42, 'x',         -42,                  -42, '-Infinity', 12.3456, '0.1', '0.1', '-0.01'),
 (9,    100, 'x',         100,                  100, '1.000000', 1, '-1.17549435e-38', '2.2250738585072014e-308', '100'),
 (10,  -100, 'x',        -100,                 -100, ('-' || repeat('9', 500) || '.' || repeat('1', 500))::numeric, NULL, '1e-10', '-1e-300', NULL);
ALTER TABLE zoo.numbers DROP COLUMN dropped_col;

-- ---------------------------------------------------------------- texts
CREATE TABLE zoo.texts (
    id   integer PRIMARY KEY,
    t    text,
    vc   varchar(50),
    ch   char(10),
    t_c  text COLLATE "C"
);
INSERT INTO zoo.texts (id, t, vc, ch, t_c) VALUES
 (1, 'plain ascii', 'plain', 'abc', 'ABC'),
 (2, '😀 emoji 🚀 汉字 日本語 한국어 العربية Ελληνικά', '漢字かなカナ🙂', '汉字😀', 'Zebra'),
 (3, 'tab' || chr(9) || 'here' || chr(10) || 'newline' || chr(13) || chr(10) || 'crlf', E'a\tb', E'x\ny', 'apple'),
 (4, 'back\slash \\ double\\ ''single'' "double" `tick`', '\x00 is not bytes', '"q''q"', '\'),
 (5, '', '', '', ''),
 (6, NULL, NULL, NULL, NULL),
 (7, 'NULL', '\N', 'NULL', 'null'),
 (8, repeat('long text ✓ ', 9091), repeat('x', 50), repeat('y', 10), repeat('z', 3000)),
 (9, 'e' || chr(769) || ' vs ' || chr(233) || ' (decomposed vs precomposed)', repeat('😀', 50), '😀😀😀😀😀😀😀😀😀😀', 'émile'),
 (10, '  padded  ', '  padded  ', 'trail   ', ' '),
 (11, E'escape string: \\ \' \b \f \u00e9 \U0001F600', E'\x41\102', E'\t', E'\r');
ALTER TABLE zoo.texts ADD COLUMN added_later integer DEFAULT 42;   -- attmissingval for rows 1..11
INSERT INTO zoo.texts (id, t, added_later) VALUES (12, 'after the column was added', NULL), (13, 'default applies', DEFAULT);

-- ---------------------------------------------------------------- binaries
CREATE TABLE zoo.binaries (
    id   integer PRIMARY KEY,
    note text NOT NULL,
    b    bytea
);
INSERT INTO zoo.binaries (id, note, b) VALUES
 (1, 'empty', ''::bytea),
 (2, 'one zero byte', '\x00'::bytea),
 (3, 'zeros then text', '\x000000616263'::bytea),
 (4, 'md5 bytes', decode(md5('zoo') || md5('zoo-2'), 'hex')),
 (6, 'NULL', NULL),
 (8, 'utf8 text as bytes', convert_to('héllo \ wörld 😀', 'UTF8'));
INSERT INTO zoo.binaries (id, note, b)
SELECT 7, 'all 256 byte values', string_agg(set_byte('\x00'::bytea, 0, g), ''::bytea ORDER BY g)
FROM generate_series(0, 255) AS g;
INSERT INTO zoo.binaries (id, note, b)
SELECT 5, '20 MiB of sha512 output', string_agg(sha512(int4send(g)), ''::bytea ORDER BY g)
FROM generate_series(1, 327680) AS g;      -- 327,680 x 64 bytes = 20,971,520 bytes

-- ---------------------------------------------------------------- temporal
CREATE TABLE zoo.temporal (
    id    integer PRIMARY KEY,
    d     date,
    t     time,
    ttz   timetz,
    ts    timestamp,
    tstz  timestamptz,
    iv    interval
);
INSERT INTO zoo.temporal (id, d, t, ttz, ts, tstz, iv) VALUES
 (1, '-infinity', '00:00:00', '00:00:00+15:59', '-infinity', '-infinity', '-178000000 years'),
 (2, 'infinity', '24:00:00', '24:00:00-15:59', 'infinity', 'infinity', '178000000 years'),
 (3, '4713-01-01 BC', '12:34:56.789012', '12:34:56.789012+05:30', '4713-01-01 00:00:00 BC', '4713-01-01 00:00:00+00 BC', '1 year 2 mons 3 days 04:05:06.789012'),
 (4, '5874897-12-31', '23:59:59.999999', '23:59:59.999999-08', '294276-12-31 23:59:59.999999', '294276-12-31 23:59:59.999999+00', '-1 mons -2 days +03:04:05.000001'),
 (5, NULL, NULL, NULL, NULL, NULL, NULL),
 (6, '2024-02-29', '00:00:00.000001', '00:00:00.000001+00', '2024-02-29 12:00:00.000001', '2024-02-29 12:00:00.123456+01', '0'),
 (7, '2021-03-28', '01:30:00', '01:30:00+01', '2021-03-28 01:30:00', '2021-03-28 01:30:00 Europe/Paris', '36 hours'),
 (8, '2000-01-01', '12:00:00', '12:00:00-00:30', '2000-01-01 00:00:00', '2000-01-01 00:00:00+00', '1 day 12 hours'),
 (9, '1999-12-31', '23:59:59.5', '23:59:59.5+14', '1969-12-31 23:59:59.999999', '1969-12-31 23:59:59.999999+00', '-00:00:00.000001'),
 (10, '0001-01-01', '00:00:01', '00:00:01-12', '0001-01-01 00:00:00', '0001-01-01 00:00:00+00', '1 mon'),
 (11, '0001-12-31 BC', '13:00:00', '13:00:00+00', '0001-12-31 23:59:59.999999 BC', '0001-12-31 23:59:59.999999+00 BC', '30 days');

-- ---------------------------------------------------------------- documents
CREATE TABLE zoo.documents (
    id  integer PRIMARY KEY,
    j   json,
    jb  jsonb,
    x   xml
);
INSERT INTO zoo.documents (id, j, jb, x) VALUES
 (1, ' {"b" : 1,  "a":2, "a" : 3 } ', ' {"b" : 1,  "a":2, "a" : 3 } ',
     '<?xml version="1.0"?><catalog><book id="1">Title &amp; more</book></catalog>'),
 (2, '[1, 2.50, 1e3, -0, 1.0E+2, 12345678901234567890.123456789]', '[1, 2.50, 1e3, -0, 1.0E+2, 12345678901234567890.123456789]',
     'text <b>bold</b> tail'),
 (3, '{"emoji":"😀","esc":"\u00e9\ud83d\ude00","nul":"\u0000","quote":"\"","bs":"\\"}', '{"emoji":"😀","esc":"\u00e9\ud83d\ude00","quote":"\"","bs":"\\"}',
     '<r><!-- comment --><![CDATA[<x> & y]]><?pi data?></r>'),
 (4, 'null', 'null', ''),
 (5, NULL, NULL, NULL),
 (6, ('{' || chr(10) || chr(9) || '"k": [' || chr(10) || chr(9) || chr(9) || '1,' || chr(10) || chr(9) || chr(9) || '2' || chr(10) || chr(9) || ']' || chr(10) || '}')::json,
     '{"a":{"b":{"c":{"d":[1,[2,[3,[4]]]]}}},"":"empty key","z":true,"y":false,"x":null}',
     '<ns:a xmlns:ns="urn:example:ns"><ns:b attr="v"/></ns:a>'),
 (7, '"just a string"', '  42  ', '<p>ünïcødé 😀 &lt;escaped&gt;</p>'),
 (8, '{}', '{}', '<?xml version="1.0" standalone="yes"?><doc/>'),
 (9, '[]', '[]', '  leading and trailing whitespace  ');

-- ---------------------------------------------------------------- network
CREATE TABLE zoo.network (
    id    integer PRIMARY KEY,
    ip    inet,
    net   cidr,
    mac   macaddr,
    mac8  macaddr8
);
INSERT INTO zoo.network (id, ip, net, mac, mac8) VALUES
 (1, '192.168.1.5/24', '192.168.1.0/24', '08:00:2b:01:02:03', '08:00:2b:01:02:03:04:05'),
 (2, '10.0.0.1', '10.1', '08-00-2b-01-02-03', '08:00:2b:01:02:03'),
 (3, '::1', '::/0', 'ffffffffffff', 'ff:ff:ff:ff:ff:ff:ff:ff'),
 (4, '2001:db8::1/64', '2001:db8::/32', '00:00:00:00:00:00', '00:00:00:00:00:00:00:00'),
 (5, '::ffff:1.2.3.4', '0.0.0.0/0', '0800.2b01.0203', '0800.2b01.0203.0405'),
 (6, NULL, NULL, NULL, NULL),
 (7, '0.0.0.0/0', '255.255.255.255/32', 'AB:CD:EF:01:23:45', 'AB:CD:EF:01:23:45:67:89');

-- ---------------------------------------------------------------- bits, flags, uuid
CREATE TABLE zoo.bits_and_flags (
    id    integer PRIMARY KEY,
    flag  boolean,
    b8    bit(8),
    vb    varbit,
    u     uuid
);
INSERT INTO zoo.bits_and_flags (id, flag, b8, vb, u) VALUES
 (1, true,  B'00000000', B'', '00000000-0000-0000-0000-000000000000'),
 (2, false, B'11111111', B'1', 'ffffffff-ffff-ffff-ffff-ffffffffffff'),
 (3, NULL,  B'10100101', repeat('10', 50)::varbit, md5('zoo-uuid')::uuid),
 (4, true,  NULL, NULL, NULL),
 (5, false, B'00000001', B'0000000', '{A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11}');

-- ---------------------------------------------------------------- arrays
CREATE TABLE zoo.arrays (
    id         integer PRIMARY KEY,
    ints       integer[],
    texts      text[],
    matrix     integer[][],
    nums       numeric[],
    floats     double precision[],
    stamps     timestamptz[],
    blobs      bytea[],
    bools      boolean[],
    uuids      uuid[],
    docs       jsonb[]
);
INSERT INTO zoo.arrays (id, ints, texts, matrix, nums, floats, stamps, blobs, bools, uuids, docs) VALUES
 (1, '{1,NULL,3}', '{"a,b","say \"hi\"",NULL,"NULL","back\\slash","{braces}"," spaced ",""}',
     '{{1,2,3},{4,5,6}}', '{1.5,NaN,-0.001,NULL,Infinity}', '{NaN,Infinity,-Infinity,-0,5e-324}',
     '{"2024-01-01 00:00:00+00",infinity,-infinity,NULL}', '{"\\x00",NULL,"\\x"}', '{t,f,NULL}',
     '{00000000-0000-0000-0000-000000000000,NULL}', ARRAY['{"a":1}'::jsonb, 'null'::jsonb, NULL]),
 (2, '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}'),
 (3, '{NULL}', '{NULL}', '{{NULL,NULL},{NULL,NULL}}', '{NULL}', '{NULL}', '{NULL}', '{NULL}', '{NULL}', '{NULL}', '{NULL}'),
 (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (5, '[0:2]={10,20,30}', ARRAY['😀', '汉字', 'tab' || chr(9) || 'nl' || chr(10), ''],
     '{{{1,2},{3,4}},{{5,6},{7,8}}}', '[-3:-2]={1,2}', '{0.1,0.2,0.30000000000000004}',
     ARRAY['1999-12-31 23:59:59.999999+00'::timestamptz], ARRAY[decode(md5('a'), 'hex'), ''::bytea],
     '{t}', ARRAY[md5('b')::uuid], ARRAY['[]'::jsonb]),
 (6, ARRAY[-2147483648, 2147483647, 0], ARRAY['''', '"', '\', ',', '{', '}', ' '],
     '[1:2][5:6]={{1,2},{3,4}}', ARRAY[repeat('9', 100)::numeric], ARRAY[1.7976931348623157e308],
     NULL, NULL, NULL, NULL, NULL);

-- ---------------------------------------------------------------- enum, domains, ranges, text search
CREATE TABLE zoo.custom_types (
    id      integer PRIMARY KEY,
    mood    zoo.mood,
    email   zoo.email,
    amount  zoo.positive_amount,
    ir      int4range,
    br      int8range,
    nr      numrange,
    tr      tstzrange,
    dr      daterange,
    mr      int4multirange,
    tsv     tsvector,
    tsq     tsquery
);
INSERT INTO zoo.custom_types (id, mood, email, amount, ir, br, nr, tr, dr, mr, tsv, tsq) VALUES
 (1, 'sad', 'a@example.com', 0, '[1,10)', '[-9223372036854775808,9223372036854775807)', '[1.5,2.5]',
     '[2024-01-01 00:00:00+00,2024-02-01 00:00:00+00)', '[2024-01-01,2024-01-31]', '{[1,3),[5,8)}',
     'a fat cat sat on a mat and ate a fat rat', 'fat & (rat | cat)'),
 (2, 'ok', 'üser@例え.jp', 123456789012.34, 'empty', 'empty', 'empty', 'empty', 'empty', '{}',
     'a:1A fat:2B,4C cat:5D', '!sad <-> ok'),
 (3, 'happy', 'x@y', 0.01, '(,5]', '[3,)', '(,)', '(,)', '(,)', '{(,)}',
     '', 'a:* & b:AB'),
 (4, 'über glücklich 😀', NULL, NULL, '[3,)', NULL, '(0,0.000001]', '[2024-01-01 00:00:00+00,infinity]',
     '[-infinity,infinity]', '{[1,2),[2,3)}', to_tsvector('simple', 'The quick brown foxes jumped'), 'quick'),
 (5, 'it''s "complicated"', 'q"uote@ex', 99.995, '(,)', '(0,1)', '[-Infinity,Infinity]',
     '(2020-01-01 00:00:00.000001+00,2020-01-01 00:00:00.000002+00)', '[2000-01-01,2000-01-02)', '{[-5,-1],[10,20)}',
     '''single '' quote'' "double" \\backslash:1', '''it''''s'''),
 (6, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

-- ---------------------------------------------------------------- types whose binary form embeds OIDs
CREATE TABLE zoo.oid_sensitive (
    id         integer PRIMARY KEY,
    moods      zoo.mood[],
    addr       zoo.address,
    addr_list  zoo.address[],
    emails     zoo.email[]
);
INSERT INTO zoo.oid_sensitive (id, moods, addr, addr_list, emails) VALUES
 (1, '{sad,happy,NULL}', ROW('1 Main St', 'Springfield', '12345', '{a,b}', 'ok'),
     ARRAY[ROW('x', 'y', 'z', NULL, 'sad')::zoo.address, NULL], '{a@b,c@d}'),
 (2, '{}', ROW(NULL, NULL, NULL, NULL, NULL), '{}', '{}'),
 (3, ARRAY['über glücklich 😀', 'it''s "complicated"']::zoo.mood[], ROW('quote " and , comma', '(paren)', '', '{}', 'it''s "complicated"'),
     NULL, NULL),
 (4, NULL, NULL, NULL, NULL);

-- ---------------------------------------------------------------- geometric and other built-ins
CREATE TABLE zoo.misc_types (
    id     integer PRIMARY KEY,
    p      point,
    l      line,
    seg    lseg,
    bx     box,
    pth    path,
    poly   polygon,
    circ   circle,
    lsn    pg_lsn,
    c1     "char",
    nm     name
);
INSERT INTO zoo.misc_types (id, p, l, seg, bx, pth, poly, circ, lsn, c1, nm) VALUES
 (1, '(1.5,-2.5)', '{1,-1,0}', '[(0,0),(1,1)]', '(1,1),(0,0)', '[(0,0),(1,1),(2,0)]', '((0,0),(1,1),(2,0))', '<(0,0),5>', '16/B374D848', 'x', 'a_name'),
 (2, '(NaN,Infinity)', '{0,1,-3}', '[(-1e300,0),(1e300,0)]', '(0,0),(0,0)', '((0,0),(1,1),(2,0))', '((0,0))', '<(1.5,2.5),0>', '0/0', ' ', repeat('n', 63)),
 (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (4, '(-0,0.1)', '{1,0,-2}', '[(1,2),(3,4)]', '(-1,-1),(1,1)', '[(0,0)]', '((0,0),(0,1),(1,1),(1,0))', '<(0,0),1e-300>', 'FFFFFFFF/FFFFFFFF', 'é', 'Ünïcode name');

-- ---------------------------------------------------------------- odd identifiers
CREATE TABLE "Odd Schema"."Order Lines" (
    "Order Id"   integer NOT NULL,
    "Line Code"  text NOT NULL,
    "Quantity"   integer NOT NULL CHECK ("Quantity" > 0),
    "unit price" numeric(10,2),
    PRIMARY KEY ("Order Id", "Line Code")
);
INSERT INTO "Odd Schema"."Order Lines" ("Order Id", "Line Code", "Quantity", "unit price")
SELECT o, code, 1 + (o * 7 + length(code)) % 5, round(((o * 13) % 997)::numeric / 7, 2)
FROM generate_series(1, 40) AS o,
     unnest(ARRAY['A', 'a', 'B-1', 'b 1', 'Ω', '😀', '']) AS code;

CREATE TABLE "Odd Schema"."données_été" (
    "clé"      text PRIMARY KEY,
    "valeur"   text,
    "température °C" numeric(5,2)
);
INSERT INTO "Odd Schema"."données_été" ("clé", "valeur", "température °C") VALUES
 ('été', 'chaud', 31.50),
 ('hiver', 'froid', -5.25),
 ('Été', 'case differs from été', 30.00),
 ('ete', 'no accents', NULL),
 ('e' || chr(769) || 'te' || chr(769), 'decomposed accents: a different key than été', 29.99),
 ('日本', '夏', 35.10),
 ('', 'empty key', 0),
 (' ', 'space key', 0),
 ('key with ''quote''', 'and "double"', 1);

CREATE TABLE "Odd Schema"."select" (
    "id"         integer PRIMARY KEY,
    "from"       text,
    "user"       text,
    "say ""hi""" text,
    "order"      integer,
    "Group"      boolean
);
INSERT INTO "Odd Schema"."select" ("id", "from", "user", "say ""hi""", "order", "Group") VALUES
 (1, 'here', 'postgres', 'hi', 1, true),
 (2, 'there', 'current_user', '"hi"', 2, false),
 (3, NULL, NULL, NULL, NULL, NULL),
 (4, 'select', 'from', 'where', 4, true);

CREATE TABLE zoo."CaseTable" (id integer PRIMARY KEY, which text NOT NULL);
CREATE TABLE zoo.casetable   (id integer PRIMARY KEY, which text NOT NULL);
INSERT INTO zoo."CaseTable" VALUES (1, 'upper'), (2, 'upper'), (3, 'upper');
INSERT INTO zoo.casetable   VALUES (1, 'lower'), (2, 'lower');

-- ---------------------------------------------------------------- no key, duplicates
CREATE TABLE zoo.no_key_dupes (
    a  integer,
    b  text,
    c  numeric
);
INSERT INTO zoo.no_key_dupes (a, b, c) VALUES
 (1, 'x', 1.5), (1, 'x', 1.5), (1, 'x', 1.5),
 (NULL, NULL, NULL), (NULL, NULL, NULL),
 (2, 'y', NULL), (2, 'y', NULL),
 (3, 'z', 0),
 (1, 'x', 1.50),          -- equal to (1,'x',1.5) by =, different text/binary (scale 2)
 (4, '', NULL), (4, NULL, NULL);
INSERT INTO zoo.no_key_dupes (a, b, c)
SELECT g % 10, 'dup-' || (g % 10), (g % 10) * 1.25 FROM generate_series(1, 1000) AS g;   -- each row 100 times

-- ---------------------------------------------------------------- uuid key + unique constraint
CREATE TABLE zoo.devices (
    id            uuid PRIMARY KEY,
    serial_no     text NOT NULL,
    registered_at timestamptz NOT NULL,
    CONSTRAINT devices_serial_no_key UNIQUE (serial_no)
);
INSERT INTO zoo.devices (id, serial_no, registered_at)
SELECT md5('device-' || g)::uuid, 'SN-' || lpad(g::text, 6, '0'),
       timestamptz '2022-01-01 00:00:00+00' + g * interval '37 minutes 0.000123 seconds'
FROM generate_series(1, 500) AS g;

-- ---------------------------------------------------------------- identity columns
CREATE TABLE zoo.tickets (
    id     integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title  text NOT NULL
);
INSERT INTO zoo.tickets (title) SELECT 'ticket ' || g FROM generate_series(1, 10) AS g;

CREATE TABLE zoo.notes (
    id    bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 100) PRIMARY KEY,
    body  text
);
INSERT INTO zoo.notes (body) SELECT 'generated id ' || g FROM generate_series(1, 5) AS g;   -- ids 100..104
INSERT INTO zoo.notes (id, body) VALUES (1, 'explicit 1'), (2, 'explicit 2'), (500, 'explicit 500, above the sequence');

-- ---------------------------------------------------------------- serial/bigserial, FK, check, indexes
CREATE TABLE zoo.customers (
    id     bigserial PRIMARY KEY,
    email  text NOT NULL,
    name   text NOT NULL
);
INSERT INTO zoo.customers (email, name)
SELECT CASE WHEN g % 3 = 0 THEN 'User' || g || '@Example.COM' ELSE 'user' || g || '@example.com' END,
       'Customer ' || g
FROM generate_series(1, 50) AS g;
DO $$ BEGIN PERFORM setval('zoo.customers_id_seq', 1000); END $$;   -- sequence well past max(id) = 50
CREATE INDEX customers_lower_email_idx ON zoo.customers (lower(email));

CREATE TABLE zoo.orders (
    id           serial PRIMARY KEY,
    customer_id  bigint NOT NULL REFERENCES zoo.customers (id) ON DELETE CASCADE,
    status       text NOT NULL DEFAULT 'new',
    amount       numeric(12,2) NOT NULL,
    ordered_at   timestamptz NOT NULL,
    CONSTRAINT orders_amount_nonnegative CHECK (amount >= 0)
);
INSERT INTO zoo.orders (customer_id, status, amount, ordered_at)
SELECT 1 + (g * 7) % 50,
       (ARRAY['new', 'paid', 'shipped', 'cancelled'])[1 + g % 4],
       round((g * 1234.5678 % 10000)::numeric, 2),
       timestamptz '2023-06-01 00:00:00+00' + g * interval '5 hours 17 minutes'
FROM generate_series(1, 200) AS g;
DO $$ BEGIN PERFORM setval('zoo.orders_id_seq', 5000, false); END $$;   -- next nextval() returns 5000
CREATE INDEX orders_customer_id_idx ON zoo.orders (customer_id);
CREATE INDEX orders_open_idx ON zoo.orders (ordered_at) WHERE status <> 'shipped';

CREATE TABLE zoo.categories (
    id         integer PRIMARY KEY,
    parent_id  integer REFERENCES zoo.categories (id) ON DELETE CASCADE,
    label      text NOT NULL
);
INSERT INTO zoo.categories (id, parent_id, label)
SELECT g, CASE WHEN g = 1 THEN NULL ELSE g / 2 END, 'category ' || g FROM generate_series(1, 63) AS g;

-- ---------------------------------------------------------------- stored generated column
CREATE TABLE zoo.computed (
    id     integer PRIMARY KEY,
    a      integer NOT NULL,
    b      integer NOT NULL,
    a_plus_b integer GENERATED ALWAYS AS (a + b) STORED
);
INSERT INTO zoo.computed (id, a, b) SELECT g, g, g * 10 FROM generate_series(1, 20) AS g;

-- ---------------------------------------------------------------- partitioned tables
CREATE TABLE zoo.events (
    id          bigint NOT NULL,
    event_date  date NOT NULL,
    kind        text NOT NULL,
    payload     jsonb,
    PRIMARY KEY (id, event_date)
) PARTITION BY RANGE (event_date);
CREATE TABLE zoo.events_2023 PARTITION OF zoo.events FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE zoo.events_2024 PARTITION OF zoo.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE zoo.events_2025 PARTITION OF zoo.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE zoo.events_default PARTITION OF zoo.events DEFAULT;
INSERT INTO zoo.events (id, event_date, kind, payload)
SELECT g, date '2022-07-01' + (g % 1461),                      -- 2022-07-01 .. 2026-06-30
       (ARRAY['click', 'view', 'buy'])[1 + g % 3],
       jsonb_build_object('n', g, 'h', substr(md5(g::text), 1, 8))
FROM generate_series(1, 4000) AS g;
CREATE INDEX events_kind_idx ON zoo.events (kind);

CREATE TABLE zoo.region_sales (
    region   text NOT NULL,
    sale_id  integer NOT NULL,
    amount   numeric(12,2) NOT NULL,
    PRIMARY KEY (region, sale_id)
) PARTITION BY LIST (region);
CREATE TABLE zoo.region_sales_eu   PARTITION OF zoo.region_sales FOR VALUES IN ('eu', 'uk');
CREATE TABLE zoo.region_sales_us   PARTITION OF zoo.region_sales FOR VALUES IN ('us');
CREATE TABLE zoo.region_sales_apac PARTITION OF zoo.region_sales FOR VALUES IN ('jp', 'au', 'sg');
CREATE TABLE zoo.region_sales_other PARTITION OF zoo.region_sales DEFAULT;
INSERT INTO zoo.region_sales (region, sale_id, amount)
SELECT (ARRAY['eu', 'uk', 'us', 'jp', 'au', 'sg', 'br', 'za'])[1 + g % 8], g,
       round(((('x' || substr(md5('sale' || g), 1, 8))::bit(32)::bigint & 1048575) / 100.0)::numeric, 2)
FROM generate_series(1, 800) AS g;

-- ---------------------------------------------------------------- empty
CREATE TABLE zoo.empty_table (
    id   integer PRIMARY KEY,
    t    text,
    ts   timestamptz,
    b    bytea
);

-- ---------------------------------------------------------------- bigger table (several chunks)
CREATE TABLE zoo.big_table (
    id          bigint PRIMARY KEY,
    label       text NOT NULL,
    created_at  timestamptz NOT NULL,
    score       double precision NOT NULL,
    payload     bytea NOT NULL,
    maybe_int   integer
);
INSERT INTO zoo.big_table (id, label, created_at, score, payload, maybe_int)
SELECT g,
       'row ' || g || ' ' || to_hex(h),
       timestamptz '2020-01-01 00:00:00+00' + g * interval '1 minute 0.000001 seconds',
       h / 65536.0::float8 - 32768.0,
       sha256(int8send(g)) || int8send(h * 40503) || int8send(h # g) || int2send((h % 32768)::smallint),  -- 32+8+8+2 = 50 bytes
       CASE WHEN g % 7 = 0 THEN NULL ELSE (h >> 12)::integer % 100000 - 50000 END
FROM (SELECT g, (g * 2654435761) % 4294967296 AS h        -- Knuth multiplicative hash: deterministic, cheap
      FROM generate_series(1::bigint, 300000::bigint) AS g) AS s;
CREATE INDEX big_table_created_at_idx ON zoo.big_table (created_at);

ANALYZE;
