--
-- PostgreSQL database dump
--


-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: __chronos_compat_schema__; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA __chronos_compat_schema__;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: audit_logs; Type: TABLE; Schema: __chronos_compat_schema__; Owner: -
--

CREATE TABLE __chronos_compat_schema__.audit_logs (
    id text NOT NULL,
    session_id text NOT NULL,
    agent_id text NOT NULL,
    actor text NOT NULL,
    action text NOT NULL,
    resource text NOT NULL,
    detail jsonb NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: checkpoints; Type: TABLE; Schema: __chronos_compat_schema__; Owner: -
--

CREATE TABLE __chronos_compat_schema__.checkpoints (
    id text NOT NULL,
    session_id text NOT NULL,
    run_id text NOT NULL,
    node_id text NOT NULL,
    state jsonb NOT NULL,
    seq_num bigint NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: chronos_schema; Type: TABLE; Schema: __chronos_compat_schema__; Owner: -
--

CREATE TABLE __chronos_compat_schema__.chronos_schema (
    storage_name text NOT NULL,
    entity text NOT NULL,
    version bigint NOT NULL,
    spec_hash text NOT NULL
);


--
-- Name: events; Type: TABLE; Schema: __chronos_compat_schema__; Owner: -
--

CREATE TABLE __chronos_compat_schema__.events (
    id text NOT NULL,
    session_id text NOT NULL,
    seq_num bigint NOT NULL,
    type text NOT NULL,
    payload jsonb,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: memory; Type: TABLE; Schema: __chronos_compat_schema__; Owner: -
--

CREATE TABLE __chronos_compat_schema__.memory (
    id text NOT NULL,
    session_id text NOT NULL,
    agent_id text NOT NULL,
    user_id text NOT NULL,
    kind text NOT NULL,
    key text NOT NULL,
    value jsonb,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: sessions; Type: TABLE; Schema: __chronos_compat_schema__; Owner: -
--

CREATE TABLE __chronos_compat_schema__.sessions (
    id text NOT NULL,
    agent_id text NOT NULL,
    user_id text NOT NULL,
    status text NOT NULL,
    metadata jsonb NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    version bigint NOT NULL
);


--
-- Name: tickets; Type: TABLE; Schema: __chronos_compat_schema__; Owner: -
--

CREATE TABLE __chronos_compat_schema__.tickets (
    id text NOT NULL,
    queue text NOT NULL,
    title text NOT NULL,
    priority integer NOT NULL,
    opened_at timestamp with time zone NOT NULL,
    status text NOT NULL
);


--
-- Name: traces; Type: TABLE; Schema: __chronos_compat_schema__; Owner: -
--

CREATE TABLE __chronos_compat_schema__.traces (
    id text NOT NULL,
    session_id text NOT NULL,
    parent_id text,
    name text NOT NULL,
    kind text NOT NULL,
    input jsonb,
    output jsonb,
    error text,
    started_at timestamp with time zone NOT NULL,
    ended_at timestamp with time zone
);


--
-- Data for Name: audit_logs; Type: TABLE DATA; Schema: __chronos_compat_schema__; Owner: -
--

INSERT INTO __chronos_compat_schema__.audit_logs VALUES ('aud-1', 'sess-1', 'agent-1', 'user-1', 'login', 'app', '{"ip": "127.0.0.1"}', '2026-01-02 03:04:13.000123+00');
INSERT INTO __chronos_compat_schema__.audit_logs VALUES ('aud-2', 'sess-1', 'agent-1', 'agent-1', 'tool', 'search', '{}', '2026-01-02 03:04:14.000123+00');


--
-- Data for Name: checkpoints; Type: TABLE DATA; Schema: __chronos_compat_schema__; Owner: -
--

INSERT INTO __chronos_compat_schema__.checkpoints VALUES ('cp-1', 'sess-1', 'run-1', 'node-a', '{"step": 1}', 1, '2026-01-02 03:04:09.000123+00');
INSERT INTO __chronos_compat_schema__.checkpoints VALUES ('cp-2', 'sess-1', 'run-1', 'node-b', '{"list": [1, "two"], "step": 2}', 3, '2026-01-02 03:04:10.000123+00');


--
-- Data for Name: chronos_schema; Type: TABLE DATA; Schema: __chronos_compat_schema__; Owner: -
--

INSERT INTO __chronos_compat_schema__.chronos_schema VALUES ('sessions', 'Session', 1, '1de0b96b83cdfce0');
INSERT INTO __chronos_compat_schema__.chronos_schema VALUES ('memory', 'MemoryRecord', 1, '997d6922dd2eb166');
INSERT INTO __chronos_compat_schema__.chronos_schema VALUES ('audit_logs', 'AuditLog', 1, '70fb4100ba71bfc7');
INSERT INTO __chronos_compat_schema__.chronos_schema VALUES ('traces', 'Trace', 1, '6e013774faf2054b');
INSERT INTO __chronos_compat_schema__.chronos_schema VALUES ('events', 'Event', 1, '22432092f36332bb');
INSERT INTO __chronos_compat_schema__.chronos_schema VALUES ('checkpoints', 'Checkpoint', 1, 'bbe13775b5235094');
INSERT INTO __chronos_compat_schema__.chronos_schema VALUES ('tickets', 'Ticket', 2, 'abc285da59d69fa0');


--
-- Data for Name: events; Type: TABLE DATA; Schema: __chronos_compat_schema__; Owner: -
--

INSERT INTO __chronos_compat_schema__.events VALUES ('evt-1', 'sess-1', 1, 'chat_message', '{"text": "hello"}', '2026-01-02 03:04:06.000123+00');
INSERT INTO __chronos_compat_schema__.events VALUES ('evt-2', 'sess-1', 2, 'node_executed', '42', '2026-01-02 03:04:07.000123+00');
INSERT INTO __chronos_compat_schema__.events VALUES ('evt-3', 'sess-1', 3, 'chat_summary', NULL, '2026-01-02 03:04:08.000123+00');


--
-- Data for Name: memory; Type: TABLE DATA; Schema: __chronos_compat_schema__; Owner: -
--

INSERT INTO __chronos_compat_schema__.memory VALUES ('mem-short', 'sess-1', 'agent-1', 'user-1', 'short_term', 'scratch', '"note"', '2026-01-02 03:04:11.000123+00');
INSERT INTO __chronos_compat_schema__.memory VALUES ('mem-long', '', 'agent-1', 'user-1', 'long_term', 'prefers', '{"lang": "fr"}', '2026-01-02 03:04:12.000123+00');


--
-- Data for Name: sessions; Type: TABLE DATA; Schema: __chronos_compat_schema__; Owner: -
--

INSERT INTO __chronos_compat_schema__.sessions VALUES ('sess-1', 'agent-1', 'user-1', 'active', '{"n": 3, "topic": "compat"}', '2026-01-02 03:04:05.000123+00', '2026-01-02 03:04:05.000123+00', 1);


--
-- Data for Name: tickets; Type: TABLE DATA; Schema: __chronos_compat_schema__; Owner: -
--

INSERT INTO __chronos_compat_schema__.tickets VALUES ('tk-1', 'support', 'Broken login', 5, '2026-01-02 03:04:18.000123+00', 'open');
INSERT INTO __chronos_compat_schema__.tickets VALUES ('tk-2', 'support', 'Slow page', 2, '2026-01-02 03:04:19.000123+00', 'closed');


--
-- Data for Name: traces; Type: TABLE DATA; Schema: __chronos_compat_schema__; Owner: -
--

INSERT INTO __chronos_compat_schema__.traces VALUES ('tr-1', 'sess-1', NULL, 'root', 'node', '{"q": "x"}', NULL, NULL, '2026-01-02 03:04:15.000123+00', '2026-01-02 03:04:17.000123+00');
INSERT INTO __chronos_compat_schema__.traces VALUES ('tr-2', 'sess-1', 'tr-1', 'call', 'tool_call', NULL, '[1, 2]', 'timeout', '2026-01-02 03:04:16.000123+00', NULL);


--
-- Name: audit_logs audit_logs_pkey; Type: CONSTRAINT; Schema: __chronos_compat_schema__; Owner: -
--

ALTER TABLE ONLY __chronos_compat_schema__.audit_logs
    ADD CONSTRAINT audit_logs_pkey PRIMARY KEY (id);


--
-- Name: checkpoints checkpoints_pkey; Type: CONSTRAINT; Schema: __chronos_compat_schema__; Owner: -
--

ALTER TABLE ONLY __chronos_compat_schema__.checkpoints
    ADD CONSTRAINT checkpoints_pkey PRIMARY KEY (id);


--
-- Name: chronos_schema chronos_schema_pkey; Type: CONSTRAINT; Schema: __chronos_compat_schema__; Owner: -
--

ALTER TABLE ONLY __chronos_compat_schema__.chronos_schema
    ADD CONSTRAINT chronos_schema_pkey PRIMARY KEY (storage_name);


--
-- Name: events events_pkey; Type: CONSTRAINT; Schema: __chronos_compat_schema__; Owner: -
--

ALTER TABLE ONLY __chronos_compat_schema__.events
    ADD CONSTRAINT events_pkey PRIMARY KEY (id);


--
-- Name: memory memory_pkey; Type: CONSTRAINT; Schema: __chronos_compat_schema__; Owner: -
--

ALTER TABLE ONLY __chronos_compat_schema__.memory
    ADD CONSTRAINT memory_pkey PRIMARY KEY (id);


--
-- Name: sessions sessions_pkey; Type: CONSTRAINT; Schema: __chronos_compat_schema__; Owner: -
--

ALTER TABLE ONLY __chronos_compat_schema__.sessions
    ADD CONSTRAINT sessions_pkey PRIMARY KEY (id);


--
-- Name: tickets tickets_pkey; Type: CONSTRAINT; Schema: __chronos_compat_schema__; Owner: -
--

ALTER TABLE ONLY __chronos_compat_schema__.tickets
    ADD CONSTRAINT tickets_pkey PRIMARY KEY (id);


--
-- Name: traces traces_pkey; Type: CONSTRAINT; Schema: __chronos_compat_schema__; Owner: -
--

ALTER TABLE ONLY __chronos_compat_schema__.traces
    ADD CONSTRAINT traces_pkey PRIMARY KEY (id);


--
-- Name: ix_audit_logs_by_agent; Type: INDEX; Schema: __chronos_compat_schema__; Owner: -
--

CREATE INDEX ix_audit_logs_by_agent ON __chronos_compat_schema__.audit_logs USING btree (agent_id, created_at DESC, id DESC);


--
-- Name: ix_checkpoints_by_session; Type: INDEX; Schema: __chronos_compat_schema__; Owner: -
--

CREATE INDEX ix_checkpoints_by_session ON __chronos_compat_schema__.checkpoints USING btree (session_id, seq_num DESC, created_at DESC, id DESC);


--
-- Name: ix_memory_by_agent_key; Type: INDEX; Schema: __chronos_compat_schema__; Owner: -
--

CREATE INDEX ix_memory_by_agent_key ON __chronos_compat_schema__.memory USING btree (agent_id, key, created_at DESC, id DESC);


--
-- Name: ix_memory_by_agent_kind; Type: INDEX; Schema: __chronos_compat_schema__; Owner: -
--

CREATE INDEX ix_memory_by_agent_kind ON __chronos_compat_schema__.memory USING btree (agent_id, kind, created_at, id);


--
-- Name: ix_memory_by_session_kind; Type: INDEX; Schema: __chronos_compat_schema__; Owner: -
--

CREATE INDEX ix_memory_by_session_kind ON __chronos_compat_schema__.memory USING btree (session_id, kind, created_at, id);


--
-- Name: ix_sessions_by_agent; Type: INDEX; Schema: __chronos_compat_schema__; Owner: -
--

CREATE INDEX ix_sessions_by_agent ON __chronos_compat_schema__.sessions USING btree (agent_id, created_at DESC, id DESC);


--
-- Name: ix_tickets_by_queue; Type: INDEX; Schema: __chronos_compat_schema__; Owner: -
--

CREATE INDEX ix_tickets_by_queue ON __chronos_compat_schema__.tickets USING btree (queue, opened_at DESC, id DESC);


--
-- Name: ix_tickets_by_status; Type: INDEX; Schema: __chronos_compat_schema__; Owner: -
--

CREATE INDEX ix_tickets_by_status ON __chronos_compat_schema__.tickets USING btree (status, priority DESC, id DESC);


--
-- Name: ix_traces_by_session; Type: INDEX; Schema: __chronos_compat_schema__; Owner: -
--

CREATE INDEX ix_traces_by_session ON __chronos_compat_schema__.traces USING btree (session_id, started_at, id);


--
-- Name: ux_events_by_session; Type: INDEX; Schema: __chronos_compat_schema__; Owner: -
--

CREATE UNIQUE INDEX ux_events_by_session ON __chronos_compat_schema__.events USING btree (session_id, seq_num);


--
-- PostgreSQL database dump complete
--


