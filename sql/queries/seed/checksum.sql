-- purpose: a content checksum of the generated demo, one md5 per table over its rows in a fixed
--   order, keyed by natural keys (codes, tracking codes), not by surrogate ids. Two seeds with the
--   same options on the same engine must agree (tests/db/seed.test.ts).
-- parameters: none.
-- SRID: geometries compared as WKB (4326).
SELECT
  (SELECT md5(coalesce(string_agg(concat_ws('|', code, level, parent_code, name, name_en, staff_count,
                                            md5(ST_AsBinary(geom))), E'\n' ORDER BY code), ''))
     FROM admin_area) AS admin_area,
  (SELECT md5(coalesce(string_agg(concat_ws('|', code, community_code, subdistrict_code, residents, aged60,
                                            aged80, alone_elderly, households, md5(ST_AsBinary(geom)),
                                            md5(ST_AsBinary(centroid))), E'\n' ORDER BY code), ''))
     FROM grid_cell) AS grid_cell,
  (SELECT md5(coalesce(string_agg(concat_ws('|', kind, name, name_en, md5(ST_AsBinary(geom))),
                                  E'\n' ORDER BY kind, name), ''))
     FROM basemap_feature) AS basemap_feature,
  (SELECT md5(coalesce(string_agg(concat_ws('|', code, name, name_en, kind), E'\n' ORDER BY code), ''))
     FROM department) AS department,
  (SELECT md5(coalesce(string_agg(concat_ws('|', code, parent_code, kind, name, name_en, limits::text, urgent,
                                            default_department, weight), E'\n' ORDER BY code), ''))
     FROM category) AS category,
  (SELECT md5(coalesce(string_agg(concat_ws('|', category_code, area_code, department_code, responsibility,
                                            priority, auto_dispatch),
                                  E'\n' ORDER BY category_code, area_code, department_code, responsibility), ''))
     FROM routing_rule) AS routing_rule,
  (SELECT md5(coalesce(string_agg(concat_ws('|', day, working, note), E'\n' ORDER BY day), ''))
     FROM calendar_day) AS calendar_day,
  (SELECT md5(coalesce(string_agg(concat_ws('|', type, name, name_en, address, capacity, status,
                                            md5(ST_AsBinary(geom)), community_code, subdistrict_code,
                                            extract(epoch FROM created_at)),
                                  E'\n' ORDER BY type, name, md5(ST_AsBinary(geom))), ''))
     FROM service_point) AS service_point,
  (SELECT md5(coalesce(string_agg(concat_ws('|', i.tracking_code, i.number, i.category_code, i.source, i.state,
                                            i.priority, i.description, i.address, md5(ST_AsBinary(i.geom)),
                                            g.code, i.community_code, i.subdistrict_code, i.department_code,
                                            m.tracking_code, i.stage, extract(epoch FROM i.stage_started_at),
                                            extract(epoch FROM i.deadline_at), extract(epoch FROM i.due_at),
                                            extract(epoch FROM i.reported_at), extract(epoch FROM i.filed_at),
                                            extract(epoch FROM i.dispatched_at), extract(epoch FROM i.responded_at),
                                            extract(epoch FROM i.handled_at), extract(epoch FROM i.closed_at),
                                            i.closed_on_time, i.rework_count, i.return_count, i.extended,
                                            i.rating, extract(epoch FROM i.rated_at), i.version,
                                            extract(epoch FROM i.updated_at), i.sensor_alert_id IS NOT NULL),
                                  E'\n' ORDER BY i.tracking_code), ''))
     FROM incident i
     LEFT JOIN grid_cell g ON g.id = i.grid_cell_id
     LEFT JOIN incident m ON m.id = i.merged_into) AS incident,
  (SELECT md5(coalesce(string_agg(concat_ws('|', i.tracking_code, e.seq, e.action, e.from_state, e.to_state,
                                            e.actor_role, e.department_code, e.note, extract(epoch FROM e.at)),
                                  E'\n' ORDER BY i.tracking_code, e.seq), ''))
     FROM incident_event e
     JOIN incident i ON i.id = e.incident_id) AS incident_event,
  (SELECT md5(coalesce(string_agg(concat_ws('|', i.tracking_code, c.name, c.phone, c.email),
                                  E'\n' ORDER BY i.tracking_code), ''))
     FROM incident_contact c
     JOIN incident i ON i.id = c.incident_id) AS incident_contact,
  (SELECT md5(coalesce(string_agg(concat_ws('|', s.code, g.code, h.subdistrict_code, h.head_name, h.phone,
                                            h.address, h.members, h.living_alone, h.aged),
                                  E'\n' ORDER BY s.code), ''))
     FROM household h
     JOIN grid_cell g ON g.id = h.grid_cell_id
     LEFT JOIN sensor s ON s.household_id = h.id) AS household,
  (SELECT md5(coalesce(string_agg(concat_ws('|', code, name, name_en, metrics::text, interval_s),
                                  E'\n' ORDER BY code), ''))
     FROM sensor_type) AS sensor_type,
  (SELECT md5(coalesce(string_agg(concat_ws('|', sensor_type, kind, metric, params::text, severity, opens_case,
                                            case_category, enabled, name, name_en),
                                  E'\n' ORDER BY sensor_type, kind, metric), ''))
     FROM alert_rule) AS alert_rule,
  (SELECT md5(coalesce(string_agg(concat_ws('|', code, type, status, key_hash, extract(epoch FROM installed_at),
                                            extract(epoch FROM last_seen_at), md5(ST_AsBinary(geom)),
                                            community_code, subdistrict_code),
                                  E'\n' ORDER BY code), ''))
     FROM sensor) AS sensor,
  (SELECT md5(coalesce(string_agg(concat_ws('|', s.code, r.metric, extract(epoch FROM r.ts), r.value,
                                            extract(epoch FROM r.received_at)),
                                  E'\n' ORDER BY s.code, r.metric, r.ts), ''))
     FROM reading r
     JOIN sensor s ON s.id = r.sensor_id) AS reading,
  (SELECT md5(coalesce(string_agg(concat_ws('|', s.code, ar.sensor_type, ar.kind, ar.metric, a.severity, a.state,
                                            a.value, a.message, extract(epoch FROM a.opened_at),
                                            extract(epoch FROM a.acknowledged_at),
                                            extract(epoch FROM a.resolved_at), i.tracking_code),
                                  E'\n' ORDER BY s.code, ar.sensor_type, ar.kind, ar.metric, a.opened_at), ''))
     FROM alert a
     JOIN sensor s ON s.id = a.sensor_id
     JOIN alert_rule ar ON ar.id = a.rule_id
     LEFT JOIN incident i ON i.id = a.incident_id) AS alert
