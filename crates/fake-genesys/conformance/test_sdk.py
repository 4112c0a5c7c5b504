"""Conformance of fake-genesys with the official Genesys Cloud Python SDK (PureCloudPlatformClientV2).

Every answer the fake gives on the endpoints flowsim reads must deserialize into the SDK's models with no field
lost, unknown or mistyped. The SDK's deserializer is lenient (unknown keys are dropped, enum values it does not
know become "outdated_sdk_version", mistyped primitives pass through), so each test also fetches the raw JSON of
the same request and compares it, field by field, with the model the SDK built.

Environment: FAKE_GENESYS_URL, the fake's base URL (run.sh starts the fake and sets it).
"""

import base64
import datetime
import hashlib
import json
import os
import secrets
import urllib.error
import urllib.parse
import urllib.request

import pytest
from dateutil.parser import isoparse

import PureCloudPlatformClientV2
from PureCloudPlatformClientV2.rest import ApiException

BASE_URL = os.environ.get("FAKE_GENESYS_URL", "").rstrip("/")
TOKEN = "demo-token"

# The demo org's fixed ids (crates/fake-genesys/src/demo.rs).
FLOW_CALLER_LOOKUP = "c0daeb2f-5bf5-4d25-980c-e516d5ad6764"
F1_GET_CONTACT = "a1f2ed62-d7fa-4034-8e8d-06fa37840d1f"
FLOW_MESSAGING_SEARCH = "ec216dcc-c483-4409-8f43-4c668b1e4d1f"
CONTACT_ADA = "c4ff0e91-aaf0-4716-961b-d8626ab04b1a"
CONTACT_HOSTILE = "7a49c378-6f7c-416c-a91a-b1dc7ebd6f37"
CONTACT_GRACE = "be2c46db-af0c-4b9a-ac67-c807a0654529"
UNKNOWN_ID = "00000000-0000-4000-8000-00000000dead"
TOTAL_FLOWS = 48

PRIMITIVES = {"str": str, "int": int, "float": (int, float), "bool": bool}


def setup_module(_module):
    assert BASE_URL, "set FAKE_GENESYS_URL to the fake's base URL (run.sh does)"


def api_client(token=TOKEN):
    """An SDK client aimed at the fake, configured the documented way."""
    PureCloudPlatformClientV2.configuration.host = BASE_URL
    PureCloudPlatformClientV2.configuration.access_token = token
    client = PureCloudPlatformClientV2.api_client.ApiClient()
    client.host = BASE_URL
    client.access_token = token
    return client


def raw_get(path, **query):
    """The same request, without the SDK: the JSON exactly as the fake sent it."""
    pairs = []
    for key, value in query.items():
        for v in value if isinstance(value, list) else [value]:
            pairs.append((key, v))
    url = BASE_URL + path + ("?" + urllib.parse.urlencode(pairs) if pairs else "")
    req = urllib.request.Request(url, headers={"Authorization": "Bearer " + TOKEN, "Accept": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        assert resp.status == 200
        assert resp.headers.get("ININ-Correlation-Id")
        return json.loads(resp.read().decode("utf-8"))


def assert_model_matches(value, raw, swagger_type, path="$"):
    """Fails unless the SDK value holds exactly what the raw JSON holds, with the SDK's declared types."""
    if raw is None:
        assert value is None, f"{path}: expected null, SDK has {value!r}"
        return
    assert value is not None, f"{path}: the SDK lost {raw!r}"
    if swagger_type.startswith("list["):
        inner = swagger_type[5:-1]
        assert isinstance(raw, list) and isinstance(value, list), f"{path}: not a list"
        assert len(value) == len(raw), f"{path}: {len(value)} items in the SDK, {len(raw)} on the wire"
        for i, (v, r) in enumerate(zip(value, raw)):
            assert_model_matches(v, r, inner, f"{path}[{i}]")
        return
    if swagger_type.startswith("dict("):
        inner = swagger_type[5:-1].split(", ", 1)[1]
        assert isinstance(raw, dict) and isinstance(value, dict), f"{path}: not a map"
        assert set(value) == set(raw), f"{path}: keys differ"
        for k in raw:
            assert_model_matches(value[k], raw[k], inner, f"{path}.{k}")
        return
    if swagger_type == "object":
        assert value == raw, f"{path}: object differs"
        return
    if swagger_type == "datetime":
        assert isinstance(raw, str), f"{path}: a datetime must be an ISO-8601 string, got {raw!r}"
        assert isinstance(value, datetime.datetime), f"{path}: SDK did not parse {raw!r} as a datetime"
        assert value == isoparse(raw), f"{path}: {value} != {raw}"
        assert value.tzinfo is not None, f"{path}: {raw!r} has no time zone"
        return
    if swagger_type == "LocalDateTime":
        # A local time without an offset (schedules' start and end); the SDK makes a naive datetime.
        assert isinstance(raw, str), f"{path}: a LocalDateTime must be a string, got {raw!r}"
        assert isinstance(value, datetime.datetime), f"{path}: SDK did not parse {raw!r} as a datetime"
        assert value.tzinfo is None, f"{path}: {raw!r} must have no offset"
        assert value == isoparse(raw), f"{path}: {value} != {raw}"
        return
    if swagger_type in PRIMITIVES:
        want = PRIMITIVES[swagger_type]
        assert isinstance(raw, want) and not (swagger_type == "int" and isinstance(raw, bool)), (
            f"{path}: {raw!r} is not a JSON {swagger_type}"
        )
        assert value == raw, f"{path}: SDK has {value!r}, wire has {raw!r}"
        assert value != "outdated_sdk_version", f"{path}: the SDK does not know the enum value {raw!r}"
        return
    # A model.
    assert isinstance(raw, dict), f"{path}: {swagger_type} must be an object, got {raw!r}"
    assert type(value).__name__ == swagger_type, f"{path}: SDK built {type(value).__name__}, not {swagger_type}"
    by_wire_name = {wire: attr for attr, wire in value.attribute_map.items()}
    unknown = sorted(set(raw) - set(by_wire_name))
    assert not unknown, f"{path}: fields the SDK's {swagger_type} does not have: {unknown}"
    for wire, r in raw.items():
        attr = by_wire_name[wire]
        assert_model_matches(getattr(value, attr), r, value.swagger_types[attr], f"{path}.{wire}")


def normalise(v):
    """Datetimes as datetime objects, so the SDK's isoformat and the wire's 'Z' compare equal."""
    if isinstance(v, dict):
        return {k: normalise(x) for k, x in v.items()}
    if isinstance(v, list):
        return [normalise(x) for x in v]
    if isinstance(v, str) and len(v) >= 19 and v[4:5] == "-" and "T" in v:
        try:
            return isoparse(v)
        except ValueError:
            return v
    return v


def assert_conforms(client, model, raw, swagger_type):
    assert_model_matches(model, raw, swagger_type)
    assert normalise(client.sanitize_for_serialization(model)) == normalise(raw)


# ---- ArchitectApi ----------------------------------------------------------------------------------------------


def test_get_flows_pages():
    client = api_client()
    api = PureCloudPlatformClientV2.ArchitectApi(client)
    listing = api.get_flows(page_size=10, page_number=2)
    assert isinstance(listing, PureCloudPlatformClientV2.FlowEntityListing)
    assert_conforms(client, listing, raw_get("/api/v2/flows", pageSize=10, pageNumber=2), "FlowEntityListing")
    assert listing.total == TOTAL_FLOWS
    assert listing.page_count == 5
    assert listing.page_number == 2
    assert len(listing.entities) == 10
    assert listing.next_uri == "/api/v2/flows?pageSize=10&pageNumber=3"
    assert listing.previous_uri == "/api/v2/flows?pageSize=10&pageNumber=1"

    seen = set()
    for page in range(1, listing.page_count + 1):
        seen.update(f.id for f in api.get_flows(page_size=10, page_number=page).entities)
    assert len(seen) == TOTAL_FLOWS


def test_get_flows_by_type_and_name():
    client = api_client()
    api = PureCloudPlatformClientV2.ArchitectApi(client)
    calls = api.get_flows(type=["inboundcall"], page_size=100, sort_by="name", sort_order="asc")
    raw = raw_get("/api/v2/flows", type=["inboundcall"], pageSize=100, sortBy="name", sortOrder="asc")
    assert_conforms(client, calls, raw, "FlowEntityListing")
    assert calls.total == len(calls.entities) > 3
    assert all(f.type == "INBOUNDCALL" for f in calls.entities)
    names = [f.name for f in calls.entities]
    assert names == sorted(names, key=str.lower)
    assert {"Caller Lookup", "After Hours", "Slow Lookup"} <= set(names)

    two_types = api.get_flows(type=["inboundcall", "inboundshortmessage"], page_size=100)
    assert two_types.total == calls.total + sum(
        1 for f in api.get_flows(page_size=100).entities if f.type == "INBOUNDSHORTMESSAGE"
    )
    named = api.get_flows(name="*lookup*", sort_by="name")
    assert [f.name for f in named.entities] == ["Caller Lookup", "Slow Lookup"]


def test_get_flow():
    client = api_client()
    api = PureCloudPlatformClientV2.ArchitectApi(client)
    flow = api.get_flow(FLOW_CALLER_LOOKUP)
    assert isinstance(flow, PureCloudPlatformClientV2.Flow)
    assert_conforms(client, flow, raw_get(f"/api/v2/flows/{FLOW_CALLER_LOOKUP}"), "Flow")
    assert flow.name == "Caller Lookup"
    assert flow.type == "INBOUNDCALL"
    assert flow.division.name == "Home"
    assert flow.active is True and flow.deleted is False
    assert flow.published_version.id == "3.0"
    assert flow.published_version.name == "3.0"
    assert isinstance(flow.published_version.date_published, datetime.datetime)
    assert flow.self_uri == f"/api/v2/flows/{FLOW_CALLER_LOOKUP}"


def test_get_flow_latestconfiguration():
    client = api_client()
    api = PureCloudPlatformClientV2.ArchitectApi(client)
    config = api.get_flow_latestconfiguration(FLOW_CALLER_LOOKUP)
    assert isinstance(config, dict)
    assert config == raw_get(f"/api/v2/flows/{FLOW_CALLER_LOOKUP}/latestconfiguration")
    assert config["type"] == "inboundcall"
    actions = [a for s in config["flowSequenceItemList"] for a in s.get("actionList", [])]
    lookup = next(a for a in actions if a["id"] == F1_GET_CONTACT)
    assert lookup["__type"] == "GetExternalContactAction"
    assert lookup["externalId"]["text"] == "Call.Ani"
    assert [p["label"] for p in lookup["paths"]] == ["Found", "Not Found"]

    search_config = api.get_flow_latestconfiguration(FLOW_MESSAGING_SEARCH)
    assert search_config["type"] == "inboundshortmessage"


# ---- ExternalContactsApi ---------------------------------------------------------------------------------------


def test_get_externalcontacts_reversewhitepageslookup():
    client = api_client()
    api = PureCloudPlatformClientV2.ExternalContactsApi(client)
    result = api.get_externalcontacts_reversewhitepageslookup("+15551234567")
    assert isinstance(result, PureCloudPlatformClientV2.ReverseWhitepagesLookupResult)
    raw = raw_get("/api/v2/externalcontacts/reversewhitepageslookup", lookupVal="+15551234567")
    assert_conforms(client, result, raw, "ReverseWhitepagesLookupResult")
    assert len(result.contacts) == 1
    ada = result.contacts[0]
    assert ada.id == CONTACT_ADA
    assert ada.first_name == "Ada" and ada.last_name == "Lovelace"
    assert ada.cell_phone.e164 == "+15551234567"
    assert ada.cell_phone.display == "(555) 123-4567"
    assert ada.work_email == "ada.lovelace@example.com"
    assert ada.external_organization.name == "Analytical Engines Ltd"
    assert ada.custom_fields == {"accountNumber": "AE-1815", "tier": "gold"}
    assert ada.type == "Curated"

    shared = api.get_externalcontacts_reversewhitepageslookup("+15550001111", expand=["contacts.externalOrganization"])
    assert sorted(c.first_name for c in shared.contacts) == ["Sam", "Samantha"]
    assert api.get_externalcontacts_reversewhitepageslookup("+15559999999").contacts == []
    by_email = api.get_externalcontacts_reversewhitepageslookup("grace.hopper@example.org")
    assert by_email.contacts[0].personal_email == "grace.hopper@example.org"


def test_get_externalcontacts_contacts():
    client = api_client()
    api = PureCloudPlatformClientV2.ExternalContactsApi(client)
    listing = api.get_externalcontacts_contacts(q="smith", page_size=1, page_number=2)
    assert isinstance(listing, PureCloudPlatformClientV2.ContactListing)
    raw = raw_get("/api/v2/externalcontacts/contacts", q="smith", pageSize=1, pageNumber=2)
    assert_conforms(client, listing, raw, "ContactListing")
    assert listing.total == 2 and listing.page_count == 2
    assert [c.first_name for c in listing.entities] == ["Samantha"]
    assert listing.entities[0].home_phone.e164 == "+15550001111"

    everyone = api.get_externalcontacts_contacts()
    assert_conforms(client, everyone, raw_get("/api/v2/externalcontacts/contacts"), "ContactListing")
    assert everyone.total == 5
    by_phone = api.get_externalcontacts_contacts(q="(555) 123-4567")
    assert [c.id for c in by_phone.entities] == [CONTACT_ADA]


def test_get_externalcontacts_contact():
    client = api_client()
    api = PureCloudPlatformClientV2.ExternalContactsApi(client)
    grace = api.get_externalcontacts_contact(CONTACT_GRACE)
    assert isinstance(grace, PureCloudPlatformClientV2.ExternalContact)
    assert_conforms(client, grace, raw_get(f"/api/v2/externalcontacts/contacts/{CONTACT_GRACE}"), "ExternalContact")
    assert grace.first_name == "Grace"
    assert grace.work_phone.e164 == "+442079460958"
    assert grace.work_phone.display == "+44 20 7946 0958"
    assert grace.work_phone.country_code == "GB"
    assert grace.personal_email == "grace.hopper@example.org"
    assert isinstance(grace.create_date, datetime.datetime)

    hostile = api.get_externalcontacts_contact(CONTACT_HOSTILE)
    assert_conforms(
        client, hostile, raw_get(f"/api/v2/externalcontacts/contacts/{CONTACT_HOSTILE}"), "ExternalContact"
    )
    assert hostile.first_name == '<img src=x onerror="window.__xss=1">'
    assert hostile.last_name == "<script>window.__xss=2</script>Mallory"
    assert hostile.custom_fields["note"] == "<b>bold</b><script>window.__xss=4</script>"


# ---- the org data flows read (data tables, schedules, routing, users, groups, data actions) ----------------------

TABLE_VIP = "25771150-452d-423a-8cff-8017aa354da3"
SCHEDULE_GROUP_SERVICE = "0ce4a4b4-b221-457c-af23-61b24096a077"
SCHEDULE_CHRISTMAS = "f079fb39-63af-4d06-9371-6e7872b258c7"
EMERGENCY_GROUP_WEATHER = "6c40caee-57ba-4d07-a3ac-3090731f2349"
QUEUE_GOLD = "a35a554c-d4a4-4d5b-94d5-7c3f57b5977e"
USER_ALEX = "9931b046-b23c-44f5-a7a5-c74622db99ee"
SKILL_TECH = "651b48e5-9388-451f-a9e0-116c676c28a5"
LANGUAGE_SPANISH = "456d801d-4e75-4d9a-a1ef-80c3aa9aeb09"
GROUP_TIER2 = "a7d948a9-3b88-4db7-b1e1-3ddbfde61209"
WRAPUP_RESOLVED = "68306eda-e2c0-417a-abd6-d0e86ce22f7a"
ACTION_BALANCE = "custom_-_7da9c246-07b4-458e-a6be-56ce189e463e"
PROMPT_WELCOME = "3b7f46a5-2f52-4d0c-9d1c-6a7f0f1e8a42"
GRAMMAR_ACCOUNT = "c15e3a01-eb6b-4cde-a383-11dcd866e863"
LABEL_VIP = "a950993b-ab05-45dc-ae5f-eb26f04e383e"
ORG_SMITH_SONS = "76a81304-7918-43ea-ab00-e2b2a88c4d6a"


def raw_post(path, body):
    """A POST without the SDK: the JSON exactly as the fake sent it."""
    req = urllib.request.Request(
        BASE_URL + path,
        data=json.dumps(body).encode("utf-8"),
        method="POST",
        headers={"Authorization": "Bearer " + TOKEN, "Accept": "application/json", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        assert resp.status == 200
        return json.loads(resp.read().decode("utf-8"))


def test_get_flows_datatable_and_row():
    client = api_client()
    api = PureCloudPlatformClientV2.ArchitectApi(client)
    table = api.get_flows_datatable(TABLE_VIP, expand="schema")
    assert_conforms(client, table, raw_get(f"/api/v2/flows/datatables/{TABLE_VIP}", expand="schema"), "DataTable")
    assert table.name == "VIP Callers"
    assert table.schema.properties["key"]["type"] == "string"
    assert table.schema.properties["priority"]["type"] == "integer"

    row = api.get_flows_datatable_row(TABLE_VIP, "+15551234567", showbrief=False)
    raw = raw_get(f"/api/v2/flows/datatables/{TABLE_VIP}/rows/%2B15551234567", showbrief="false")
    assert_conforms(client, row, raw, "dict(str, object)")
    assert row == {"key": "+15551234567", "contactId": CONTACT_ADA, "tier": "gold", "priority": 10, "active": True}
    assert api.get_flows_datatable_row(TABLE_VIP, "+15551234567") == {"key": "+15551234567"}

    tables = api.get_flows_datatables(name="VIP Callers")
    raw = raw_get("/api/v2/flows/datatables", name="VIP Callers")
    assert_conforms(client, tables, raw, "DataTablesDomainEntityListing")
    assert [t.id for t in tables.entities] == [TABLE_VIP] and tables.entities[0].schema is None
    with_schema = api.get_flows_datatables(expand="schema")
    assert_conforms(client, with_schema, raw_get("/api/v2/flows/datatables", expand="schema"), "DataTablesDomainEntityListing")
    assert with_schema.entities[0].schema.title == "VIP Callers"

    rows = api.get_flows_datatable_rows(TABLE_VIP, showbrief=False, page_size=2)
    raw = raw_get(f"/api/v2/flows/datatables/{TABLE_VIP}/rows", showbrief="false", pageSize=2)
    assert_conforms(client, rows, raw, "DataTableRowEntityListing")
    assert rows.total == 4 and len(rows.entities) == 2
    assert error_of(lambda: api.get_flows_datatable_row(TABLE_VIP, "+15559999999", showbrief=False)) == (
        404,
        "not.found",
    )


def test_get_architect_schedules_groups_and_emergency_groups():
    client = api_client()
    api = PureCloudPlatformClientV2.ArchitectApi(client)
    group = api.get_architect_schedulegroup(SCHEDULE_GROUP_SERVICE)
    raw = raw_get(f"/api/v2/architect/schedulegroups/{SCHEDULE_GROUP_SERVICE}")
    assert_conforms(client, group, raw, "ScheduleGroup")
    assert group.time_zone == "America/New_York"
    assert [s.name for s in group.open_schedules] == ["Weekdays 9 to 5"]
    assert [s.name for s in group.closed_schedules] == ["Weekday lunch"]
    assert [s.id for s in group.holiday_schedules] == [SCHEDULE_CHRISTMAS]

    for ref in group.open_schedules + group.closed_schedules + group.holiday_schedules:
        schedule = api.get_architect_schedule(ref.id)
        assert_conforms(client, schedule, raw_get(f"/api/v2/architect/schedules/{ref.id}"), "Schedule")
        assert schedule.start.tzinfo is None
        assert schedule.rrule.startswith("FREQ=")
    christmas = api.get_architect_schedule(SCHEDULE_CHRISTMAS)
    assert christmas.start == datetime.datetime(2024, 12, 25, 0, 0)
    assert christmas.end == datetime.datetime(2024, 12, 26, 0, 0)
    assert christmas.rrule == "FREQ=YEARLY;INTERVAL=1;BYMONTH=12;BYMONTHDAY=25"

    schedules = api.get_architect_schedules(page_size=100)
    assert_conforms(client, schedules, raw_get("/api/v2/architect/schedules", pageSize=100), "ScheduleEntityListing")
    assert schedules.total == 3
    groups = api.get_architect_schedulegroups(name="Customer Service Hours")
    raw = raw_get("/api/v2/architect/schedulegroups", name="Customer Service Hours")
    assert_conforms(client, groups, raw, "ScheduleGroupEntityListing")
    assert [g.id for g in groups.entities] == [SCHEDULE_GROUP_SERVICE]

    emergency = api.get_architect_emergencygroup(EMERGENCY_GROUP_WEATHER)
    raw = raw_get(f"/api/v2/architect/emergencygroups/{EMERGENCY_GROUP_WEATHER}")
    assert_conforms(client, emergency, raw, "EmergencyGroup")
    assert emergency.enabled is False
    groups = api.get_architect_emergencygroups()
    assert_conforms(client, groups, raw_get("/api/v2/architect/emergencygroups"), "EmergencyGroupListing")
    assert [g.id for g in groups.entities] == [EMERGENCY_GROUP_WEATHER]
    assert emergency.emergency_call_flows[0].emergency_flow.name == "After Hours"

    # By name, as the Find Schedule, Find Schedule Group and Find Emergency Group actions read them.
    by_name = api.get_architect_schedules(name="Christmas Day")
    raw = raw_get("/api/v2/architect/schedules", name="Christmas Day")
    assert_conforms(client, by_name, raw, "ScheduleEntityListing")
    assert [s.id for s in by_name.entities] == [SCHEDULE_CHRISTMAS]
    by_name = api.get_architect_emergencygroups(name="Severe Weather")
    raw = raw_get("/api/v2/architect/emergencygroups", name="Severe Weather")
    assert_conforms(client, by_name, raw, "EmergencyGroupListing")
    assert [g.id for g in by_name.entities] == [EMERGENCY_GROUP_WEATHER]
    assert api.get_architect_schedulegroups(name="Nobody's Hours").entities == []


def test_get_architect_prompts_and_system_prompts():
    client = api_client()
    api = PureCloudPlatformClientV2.ArchitectApi(client)
    prompts = api.get_architect_prompts(name=["WelcomeGreeting"])
    raw = raw_get("/api/v2/architect/prompts", name="WelcomeGreeting")
    assert_conforms(client, prompts, raw, "PromptEntityListing")
    assert [p.id for p in prompts.entities] == [PROMPT_WELCOME]
    prompt = api.get_architect_prompt(PROMPT_WELCOME)
    assert_conforms(client, prompt, raw_get(f"/api/v2/architect/prompts/{PROMPT_WELCOME}"), "Prompt")
    assert prompt.resources[0].tts_string == "Thank you for calling Analytical Engines."
    assert prompt.resources[0].language == "en-us"

    system = api.get_architect_systemprompts(name="on_hold_music")
    raw = raw_get("/api/v2/architect/systemprompts", name="on_hold_music")
    assert_conforms(client, system, raw, "SystemPromptEntityListing")
    assert [p.id for p in system.entities] == ["on_hold_music"]
    hold = api.get_architect_systemprompt("on_hold_music")
    assert_conforms(client, hold, raw_get("/api/v2/architect/systemprompts/on_hold_music"), "SystemPrompt")
    assert hold.resources[0].has_default is True
    assert error_of(lambda: api.get_architect_prompt(UNKNOWN_ID)) == (404, "not.found")
    assert error_of(lambda: api.get_architect_systemprompt("no_such_prompt")) == (404, "not.found")


def test_get_architect_grammars():
    """Find Grammar reads the listing by name, Find Grammar by Id the grammar."""
    client = api_client()
    api = PureCloudPlatformClientV2.ArchitectApi(client)
    grammars = api.get_architect_grammars(name="AccountNumber")
    raw = raw_get("/api/v2/architect/grammars", name="AccountNumber")
    assert_conforms(client, grammars, raw, "GrammarListing")
    assert [g.id for g in grammars.entities] == [GRAMMAR_ACCOUNT]
    grammar = api.get_architect_grammar(GRAMMAR_ACCOUNT)
    assert_conforms(client, grammar, raw_get(f"/api/v2/architect/grammars/{GRAMMAR_ACCOUNT}"), "Grammar")
    assert grammar.name == "AccountNumber"
    assert grammar.languages[0].language == "en-us"
    assert grammar.languages[0].grammar_id == GRAMMAR_ACCOUNT
    assert error_of(lambda: api.get_architect_grammar(UNKNOWN_ID)) == (404, "not.found")


def test_get_routing_utilization_labels():
    """Find Utilization Label reads the listing by name."""
    client = api_client()
    api = PureCloudPlatformClientV2.RoutingApi(client)
    labels = api.get_routing_utilization_labels(name="VIP")
    raw = raw_get("/api/v2/routing/utilization/labels", name="VIP")
    assert_conforms(client, labels, raw, "UtilizationLabelEntityListing")
    assert [l.id for l in labels.entities] == [LABEL_VIP]
    everyone = api.get_routing_utilization_labels()
    assert_conforms(client, everyone, raw_get("/api/v2/routing/utilization/labels"), "UtilizationLabelEntityListing")
    assert sorted(l.name for l in everyone.entities) == ["Escalation", "VIP"]
    label = api.get_routing_utilization_label(LABEL_VIP)
    assert_conforms(client, label, raw_get(f"/api/v2/routing/utilization/labels/{LABEL_VIP}"), "UtilizationLabel")
    assert error_of(lambda: api.get_routing_utilization_label(UNKNOWN_ID)) == (404, "not.found")


def test_get_externalcontacts_organization():
    """Get External Organization reads the organization by id."""
    client = api_client()
    api = PureCloudPlatformClientV2.ExternalContactsApi(client)
    org = api.get_externalcontacts_organization(ORG_SMITH_SONS)
    raw = raw_get(f"/api/v2/externalcontacts/organizations/{ORG_SMITH_SONS}")
    assert_conforms(client, org, raw, "ExternalOrganization")
    assert (org.name, org.company_type, org.industry) == ("Smith & Sons", "Customer", "Retail")
    assert error_of(lambda: api.get_externalcontacts_organization(UNKNOWN_ID)) == (404, "not.found")


def test_get_routing_queues_skills_languages_wrapupcodes():
    client = api_client()
    api = PureCloudPlatformClientV2.RoutingApi(client)
    queues = api.get_routing_queues(name="Gold")
    assert_conforms(client, queues, raw_get("/api/v2/routing/queues", name="Gold"), "QueueEntityListing")
    assert [q.id for q in queues.entities] == [QUEUE_GOLD]
    queue = api.get_routing_queue(QUEUE_GOLD)
    assert_conforms(client, queue, raw_get(f"/api/v2/routing/queues/{QUEUE_GOLD}"), "Queue")
    assert queue.acw_settings.wrapup_prompt == "MANDATORY_TIMEOUT"
    assert queue.division.name == "Home"

    skills = api.get_routing_skills(name="Technical Support")
    raw = raw_get("/api/v2/routing/skills", name="Technical Support")
    assert_conforms(client, skills, raw, "SkillEntityListing")
    assert [s.id for s in skills.entities] == [SKILL_TECH]
    skill = api.get_routing_skill(SKILL_TECH)
    assert_conforms(client, skill, raw_get(f"/api/v2/routing/skills/{SKILL_TECH}"), "RoutingSkill")

    languages = api.get_routing_languages(name="Spanish")
    raw = raw_get("/api/v2/routing/languages", name="Spanish")
    assert_conforms(client, languages, raw, "LanguageEntityListing")
    assert [l.id for l in languages.entities] == [LANGUAGE_SPANISH]
    language = api.get_routing_language(LANGUAGE_SPANISH)
    assert_conforms(client, language, raw_get(f"/api/v2/routing/languages/{LANGUAGE_SPANISH}"), "Language")

    codes = api.get_routing_wrapupcodes()
    assert_conforms(client, codes, raw_get("/api/v2/routing/wrapupcodes"), "WrapupCodeEntityListing")
    assert sorted(c.name for c in codes.entities) == ["Callback Requested", "Resolved"]
    code = api.get_routing_wrapupcode(WRAPUP_RESOLVED)
    assert_conforms(client, code, raw_get(f"/api/v2/routing/wrapupcodes/{WRAPUP_RESOLVED}"), "WrapupCode")


def test_get_user_and_search_users():
    client = api_client()
    api = PureCloudPlatformClientV2.UsersApi(client)
    user = api.get_user(USER_ALEX)
    assert_conforms(client, user, raw_get(f"/api/v2/users/{USER_ALEX}"), "User")
    assert user.name == "Alex Agent"
    assert user.primary_contact_info[0].address == "alex.agent@example.com"
    users = api.get_users(page_size=25)
    assert_conforms(client, users, raw_get("/api/v2/users", pageSize=25), "UserEntityListing")
    assert users.total == 2

    body = {"query": [{"type": "EXACT", "fields": ["email"], "value": "alex.agent@example.com"}]}
    request = PureCloudPlatformClientV2.UserSearchRequest()
    criteria = PureCloudPlatformClientV2.UserSearchCriteria()
    criteria.type = "EXACT"
    criteria.fields = ["email"]
    criteria.value = "alex.agent@example.com"
    request.query = [criteria]
    found = api.post_users_search(request)
    assert_conforms(client, found, raw_post("/api/v2/users/search", body), "UsersSearchResponse")
    assert found.total == 1 and [u.id for u in found.results] == [USER_ALEX]


def test_get_group():
    client = api_client()
    api = PureCloudPlatformClientV2.GroupsApi(client)
    group = api.get_group(GROUP_TIER2)
    assert_conforms(client, group, raw_get(f"/api/v2/groups/{GROUP_TIER2}"), "Group")
    assert group.name == "Tier 2 Agents" and group.type == "official"
    groups = api.get_groups()
    assert_conforms(client, groups, raw_get("/api/v2/groups"), "GroupEntityListing")
    assert groups.total == 1

    request = PureCloudPlatformClientV2.GroupSearchRequest()
    criteria = PureCloudPlatformClientV2.GroupSearchCriteria()
    criteria.type = "EXACT"
    criteria.fields = ["name"]
    criteria.value = "Tier 2 Agents"
    request.query = [criteria]
    found = api.post_groups_search(request)
    body = {"query": [{"type": "EXACT", "fields": ["name"], "value": "Tier 2 Agents"}]}
    assert_conforms(client, found, raw_post("/api/v2/groups/search", body), "GroupsSearchResponse")
    assert [g.id for g in found.results] == [GROUP_TIER2]


def test_integrations_action_and_test():
    client = api_client()
    api = PureCloudPlatformClientV2.IntegrationsApi(client)
    action = api.get_integrations_action(ACTION_BALANCE, expand="contract")
    raw = raw_get(f"/api/v2/integrations/actions/{ACTION_BALANCE}", expand="contract")
    assert_conforms(client, action, raw, "Action")
    assert action.name == "Get Account Balance"
    assert action.contract.output.success_schema.properties["balance"] == {"type": "number"}

    result = api.post_integrations_action_test(ACTION_BALANCE, {"accountNumber": "AE-1815"})
    raw = raw_post(f"/api/v2/integrations/actions/{ACTION_BALANCE}/test", {"accountNumber": "AE-1815"})
    assert_conforms(client, result, raw, "TestExecutionResult")
    assert result.success is True
    assert result.final_result == {"balance": 1815.5, "currency": "GBP"}
    assert [o.step for o in result.operations] == [1, 2, 3, 4, 5]

    failed = api.post_integrations_action_test(ACTION_BALANCE, {"accountNumber": "NOPE-1"})
    raw = raw_post(f"/api/v2/integrations/actions/{ACTION_BALANCE}/test", {"accountNumber": "NOPE-1"})
    assert_conforms(client, failed, raw, "TestExecutionResult")
    assert failed.success is False and failed.final_result is None
    assert "NOPE-1" in failed.error.message


# ---- TokensApi, UsersApi, OrganizationApi (who is signed in) ---------------------------------------------------

# The demo org's login host (crates/fake-genesys/src/login.rs).
CLIENT_DEMO = "5b3d0c9e-flowsim-demo"
ALEX_ADMIN = "2a6f0c4e-1b3d-4e5f-8a9b-0c1d2e3f4a5b"
ROBIN_READER = "7c8d9e0f-1a2b-4c3d-9e4f-5a6b7c8d9e0f"
REDIRECT = "http://127.0.0.1:8080/"


def sign_in(user_id):
    """The page's sign-in, without a browser: PKCE verifier and challenge, the sign-in page's form, the exchange."""
    verifier = base64.urlsafe_b64encode(secrets.token_bytes(96)).rstrip(b"=").decode()
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    form = urllib.parse.urlencode(
        {
            "response_type": "code",
            "client_id": CLIENT_DEMO,
            "redirect_uri": REDIRECT,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
            "state": "conformance",
            "user": user_id,
        }
    ).encode()

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(urllib.request.Request(BASE_URL + "/oauth/authorize", data=form), timeout=30)
        raise AssertionError("the sign-in page did not redirect")
    except urllib.error.HTTPError as redirect:
        assert redirect.code == 302
        location = redirect.headers["Location"]
    query = urllib.parse.parse_qs(urllib.parse.urlparse(location).query)
    assert query["state"] == ["conformance"]
    body = urllib.parse.urlencode(
        {
            "grant_type": "authorization_code",
            "code": query["code"][0],
            "code_verifier": verifier,
            "client_id": CLIENT_DEMO,
            "redirect_uri": REDIRECT,
        }
    ).encode()
    req = urllib.request.Request(
        BASE_URL + "/oauth/token", data=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        answer = json.loads(resp.read().decode("utf-8"))
    assert answer["token_type"] == "bearer" and answer["expires_in"] > 0
    return answer["access_token"]


def raw_get_as(token, path, **query):
    url = BASE_URL + path + ("?" + urllib.parse.urlencode(query) if query else "")
    req = urllib.request.Request(url, headers={"Authorization": "Bearer " + token, "Accept": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        assert resp.status == 200
        return json.loads(resp.read().decode("utf-8"))


def test_get_tokens_me():
    token = sign_in(ALEX_ADMIN)
    client = api_client(token)
    info = PureCloudPlatformClientV2.TokensApi(client).get_tokens_me()
    assert isinstance(info, PureCloudPlatformClientV2.TokenInfo)
    assert_conforms(client, info, raw_get_as(token, "/api/v2/tokens/me"), "TokenInfo")
    assert info.o_auth_client.id == CLIENT_DEMO
    assert info.o_auth_client.authorized_grant_type == "CODE"
    assert info.organization.name == info.home_organization.name == "Flowsim Demo Org"

    fixed = api_client()
    fixed_info = PureCloudPlatformClientV2.TokensApi(fixed).get_tokens_me()
    assert_conforms(fixed, fixed_info, raw_get("/api/v2/tokens/me"), "TokenInfo")


def test_get_users_me_with_authorization():
    token = sign_in(ROBIN_READER)
    client = api_client(token)
    users = PureCloudPlatformClientV2.UsersApi(client)
    me = users.get_users_me(expand=["authorization"])
    assert isinstance(me, PureCloudPlatformClientV2.UserMe)
    assert_conforms(client, me, raw_get_as(token, "/api/v2/users/me", expand="authorization"), "UserMe")
    assert me.name == "Robin Reader"
    assert me.state == "active"
    assert me.authorization.permissions == ["architect:flow:view", "externalContacts:contact:view"]
    assert [r.name for r in me.authorization.roles] == ["Flow and contact viewer"]
    plain = users.get_users_me()
    assert_conforms(client, plain, raw_get_as(token, "/api/v2/users/me"), "UserMe")
    assert plain.authorization is None


def test_get_organizations_me():
    client = api_client()
    org = PureCloudPlatformClientV2.OrganizationApi(client).get_organizations_me()
    assert isinstance(org, PureCloudPlatformClientV2.Organization)
    assert_conforms(client, org, raw_get("/api/v2/organizations/me"), "Organization")
    assert org.name == "Flowsim Demo Org"
    assert org.state == "active"


def test_delete_tokens_me_revokes():
    token = sign_in(ALEX_ADMIN)
    tokens = PureCloudPlatformClientV2.TokensApi(api_client(token))
    assert tokens.delete_tokens_me() is None
    with pytest.raises(ApiException) as caught:
        tokens.get_tokens_me()
    assert caught.value.status == 401
    assert json.loads(caught.value.body)["code"] == "bad.credentials"


# ---- errors ----------------------------------------------------------------------------------------------------


def error_of(call):
    with pytest.raises(ApiException) as caught:
        call()
    body = json.loads(caught.value.body)
    assert body["status"] == caught.value.status
    assert caught.value.headers.get("ININ-Correlation-Id") == body["contextId"]
    return caught.value.status, body["code"]


def test_errors_raise_api_exception():
    architect = PureCloudPlatformClientV2.ArchitectApi(api_client())
    contacts = PureCloudPlatformClientV2.ExternalContactsApi(api_client())
    assert error_of(lambda: architect.get_flow(UNKNOWN_ID)) == (404, "not.found")
    assert error_of(lambda: architect.get_flow_latestconfiguration(UNKNOWN_ID)) == (404, "not.found")
    assert error_of(lambda: contacts.get_externalcontacts_contact(UNKNOWN_ID)) == (404, "not.found")

    expired = PureCloudPlatformClientV2.ArchitectApi(api_client("expired-token"))
    assert error_of(lambda: expired.get_flows()) == (401, "bad.credentials")
    no_permission = PureCloudPlatformClientV2.ExternalContactsApi(api_client("no-permission-token"))
    assert error_of(lambda: no_permission.get_externalcontacts_contact(CONTACT_ADA)) == (
        403,
        "missing.any.permissions",
    )


# ---- the checker itself ----------------------------------------------------------------------------------------


def test_checker_rejects_what_the_sdk_would_silently_drop():
    """The comparison fails on an unknown field, a mistyped value and an enum value the SDK does not know."""
    client = api_client()
    deserialize = client._ApiClient__deserialize
    good = {"id": "1", "firstName": "Ada", "type": "Curated", "cellPhone": {"e164": "+15551234567"}}
    assert_model_matches(deserialize(good, "ExternalContact"), good, "ExternalContact")
    for bad in (
        dict(good, cellPhone={"e164": "+15551234567", "acceptsSms": False}),
        dict(good, firstName=7),
        dict(good, type="Imaginary"),
        dict(good, createDate="yesterday-ish"),
    ):
        with pytest.raises((AssertionError, ApiException)):
            assert_model_matches(deserialize(bad, "ExternalContact"), bad, "ExternalContact")
