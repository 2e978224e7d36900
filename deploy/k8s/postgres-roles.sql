-- One login role per service, owning only its own database; nobody else may connect to it.
-- Run once as a superuser (or the cluster's admin role) with psql, passwords from your secret store:
--   psql -v gateway_password=... -v wallet_password=... -v ledger_password=... \
--        -v funding_password=... -v marketplace_password=... -v settlement_password=... \
--        -v dashboard_password=... -f deploy/k8s/postgres-roles.sql
-- The services create their schemas and tables themselves (as owners of their databases). The
-- dashboard's database holds only its Data Protection key ring (one table, data_protection_keys).
CREATE ROLE gateway LOGIN PASSWORD :'gateway_password' NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE ROLE wallet LOGIN PASSWORD :'wallet_password' NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE ROLE ledger LOGIN PASSWORD :'ledger_password' NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE ROLE funding LOGIN PASSWORD :'funding_password' NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE ROLE marketplace LOGIN PASSWORD :'marketplace_password' NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE ROLE settlement LOGIN PASSWORD :'settlement_password' NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE ROLE dashboard LOGIN PASSWORD :'dashboard_password' NOSUPERUSER NOCREATEDB NOCREATEROLE;

CREATE DATABASE gateway OWNER gateway;
CREATE DATABASE wallet OWNER wallet;
CREATE DATABASE ledger OWNER ledger;
CREATE DATABASE funding OWNER funding;
CREATE DATABASE marketplace OWNER marketplace;
CREATE DATABASE settlement OWNER settlement;
CREATE DATABASE dashboard OWNER dashboard;

REVOKE ALL ON DATABASE gateway FROM PUBLIC;
REVOKE ALL ON DATABASE wallet FROM PUBLIC;
REVOKE ALL ON DATABASE ledger FROM PUBLIC;
REVOKE ALL ON DATABASE funding FROM PUBLIC;
REVOKE ALL ON DATABASE marketplace FROM PUBLIC;
REVOKE ALL ON DATABASE settlement FROM PUBLIC;
REVOKE ALL ON DATABASE dashboard FROM PUBLIC;
