-- purpose: recent failed sign-ins for one account (since its last success) and for one client,
-- with the oldest failure of each in the window (for Retry-After).
-- parameters: $1 username, $2 client, $3 window start, $4 now. SRID: n/a.
WITH last_ok AS (
  -- why: a successful sign-in clears the account's count, never the client's.
  SELECT coalesce(max(at), $3::timestamptz) AS at
  FROM login_attempt
  WHERE username = $1 AND ok AND at > $3 AND at <= $4
),
account AS (
  SELECT count(*)::int AS n, min(a.at) AS oldest
  FROM login_attempt a, last_ok
  WHERE a.username = $1 AND NOT a.ok AND a.at > last_ok.at AND a.at <= $4
),
client AS (
  SELECT count(*)::int AS n, min(at) AS oldest
  FROM login_attempt
  WHERE client = $2 AND NOT ok AND at > $3 AND at <= $4
)
SELECT account.n AS account_failures, account.oldest AS account_oldest,
       client.n AS client_failures, client.oldest AS client_oldest
FROM account, client
