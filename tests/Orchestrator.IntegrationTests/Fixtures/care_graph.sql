-- A small clinical schema that reads as a graph: patients, their encounters, diagnoses linked to encounters through
-- a junction table with a column of its own, and referrals between patients (a second junction, both keys to one table).
CREATE SCHEMA care;
CREATE TABLE care.patient (id int PRIMARY KEY, name text NOT NULL, born date, active boolean, notes text, photo bytea);
INSERT INTO care.patient
SELECT i, 'Patient ' || i, date '1950-01-01' + i * 97, i % 3 <> 0, CASE WHEN i % 10 = 0 THEN NULL ELSE 'note ' || i END, '\x00ff'
FROM generate_series(1, 200) AS i;
-- Values that would break a record across lines or fields, unless quoted and escaped.
UPDATE care.patient SET notes = 'first line' || chr(10) || 'second, "quoted" line' || chr(13) || chr(10) || 'third' WHERE id = 7;
UPDATE care.patient SET name = 'O''Brien, "Bob"' WHERE id = 8;

CREATE TABLE care.encounter (id bigint PRIMARY KEY, patient_id int REFERENCES care.patient (id), at timestamptz NOT NULL, cost numeric(10, 2));
INSERT INTO care.encounter
SELECT i, CASE WHEN i % 50 = 0 THEN NULL ELSE 1 + i % 200 END, timestamptz '2024-01-01 08:00:00+00' + i * interval '3 hours', i * 1.25
FROM generate_series(1, 1000) AS i;

CREATE TABLE care.diagnosis (code text PRIMARY KEY, title text NOT NULL);
INSERT INTO care.diagnosis SELECT 'D' || lpad(i::text, 2, '0'), 'Diagnosis ' || i FROM generate_series(1, 30) AS i;

CREATE TABLE care.encounter_diagnosis (encounter_id bigint NOT NULL REFERENCES care.encounter (id), code text NOT NULL REFERENCES care.diagnosis (code),
    rank int NOT NULL, PRIMARY KEY (encounter_id, code));
INSERT INTO care.encounter_diagnosis
SELECT e, 'D' || lpad((1 + (e * 7 + r * 11) % 30)::text, 2, '0'), r FROM generate_series(1, 1000) AS e, generate_series(1, 2) AS r WHERE e % 4 <> 0 OR r = 1;

CREATE TABLE care.referral (id int PRIMARY KEY, from_patient int REFERENCES care.patient (id), to_patient int REFERENCES care.patient (id), reason text);
INSERT INTO care.referral SELECT i, i, CASE WHEN i % 9 = 0 THEN NULL ELSE 1 + (i * 13) % 200 END, 'reason ' || i FROM generate_series(1, 120) AS i;
ANALYZE;
