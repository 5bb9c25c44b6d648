-- purpose: records the warnings that hold now, in one statement: a new one opens, a live one
--   (open or acknowledged) is refreshed in place and keeps its acknowledgement.
-- parameters: $1 jsonb array of {rule, tier, area, subject, indicator, value, periodStart,
--   periodEnd, incidentIds, detail}.
-- SRID: n/a.
INSERT INTO warning AS w (rule, tier, area_code, subject, indicator, value, period_start,
                          period_end, incident_ids, detail, updated_at)
SELECT e->>'rule',
       e->>'tier',
       e->>'area',
       e->>'subject',
       e->>'indicator',
       (e->>'value')::float8,
       (e->>'periodStart')::date,
       (e->>'periodEnd')::date,
       ARRAY(SELECT jsonb_array_elements_text(e->'incidentIds')::bigint),
       e->'detail',
       now()
  FROM jsonb_array_elements($1::jsonb) AS e
ON CONFLICT (rule, area_code, subject) WHERE state <> 'cleared'
DO UPDATE SET tier = EXCLUDED.tier,
              indicator = EXCLUDED.indicator,
              value = EXCLUDED.value,
              period_start = EXCLUDED.period_start,
              period_end = EXCLUDED.period_end,
              incident_ids = EXCLUDED.incident_ids,
              detail = EXCLUDED.detail,
              updated_at = now()
