//! An operation with six path parameters, a query and a body
//! (`fixtures/clients/many_path_parameters.yaml`): its path parameters are fields of its
//! parameter struct, so the method takes two arguments (clippy's `too_many_arguments` holds
//! for every generated crate), and the request is the one the path template describes,
//! checked against a server on 127.0.0.1. Tags differing only in case are one group.

mod support;

include!(concat!(env!("OUT_DIR"), "/clients/many_path_parameters.rs"));

use operations::SetCheckParams;
use support::{Reply, Server};
use types::SetCheckRequest;

#[tokio::test]
async fn path_parameters_past_the_bound_are_fields_of_the_parameter_struct() {
    let server = Server::start(vec![Reply::status(204), Reply::status(204), Reply::status(204)]).await;
    let client = Client::with_config(Client::builder().base_url(&server.url).build().unwrap()).unwrap();
    let params = SetCheckParams::new("acme", "core", "oagen", "main", 7, "ci").dry_run(true);
    client.set_check(&params, &SetCheckRequest::default().state("on")).await.unwrap();
    // Under the bound, path parameters stay arguments of their own.
    client.get_team("acme", "core").await.unwrap();
    client.get_operation("op-1").await.unwrap();

    let seen = server.seen();
    assert_eq!(seen[0].path, "/orgs/acme/teams/core/repos/oagen/branches/main/rules/7/checks/ci");
    assert_eq!(seen[0].query("dry_run"), ["true"]);
    assert_eq!(seen[0].json(), serde_json::json!({"state": "on"}));
    assert_eq!(seen[1].path, "/orgs/acme/teams/core");
    assert_eq!(seen[2].path, "/operations/op-1");
}

#[test]
fn tags_differing_in_case_are_one_group_and_no_module_repeats_its_parent() {
    let spec = std::path::Path::new("fixtures/clients/many_path_parameters.yaml");
    let api = oagen::Spec::load(spec).and_then(|s| s.lower()).unwrap();
    let modules: Vec<&str> = api.groups.iter().map(|g| g.module.as_str()).collect();
    assert_eq!(modules, ["entries", "operations_api"]);
    assert_eq!(api.groups[0].wire, "Entries");
    assert_eq!(api.groups[0].description.as_deref(), Some("Audit entries."));
    let set_check = api.operations.iter().find(|o| o.id == "setCheck").unwrap();
    assert!(set_check.path_in_params);
    assert!(!api.operations.iter().find(|o| o.id == "getTeam").unwrap().path_in_params);
}
