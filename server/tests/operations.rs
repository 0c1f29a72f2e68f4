//! Every operation of the protocol table is answered (never `UnknownOperationException`), refuses a
//! body of the wrong shape with a Cognito error, and is listed in the README's table of operations.

use cognito_srp_server::{Operation, Server};
use serde_json::json;

#[test]
fn every_operation_is_served_and_documented() {
    let s = Server::new(cognito_srp_server::config::demo(), "http://127.0.0.1:1").unwrap();
    let readme = include_str!("../README.md");
    let table: Vec<&str> = readme
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| operation") && !l.starts_with("| ---"))
        .filter_map(|l| l.split('|').nth(1))
        .collect();
    for op in Operation::ALL {
        let e = s.dispatch(op.name(), &json!([])).unwrap_err();
        assert_eq!(e.code(), "SerializationException", "{}", op.name());
        assert!(
            table
                .iter()
                .any(|cell| cell.split(',').any(|name| name.trim() == op.name())),
            "{} is not in server/README.md's table of operations",
            op.name()
        );
    }
    assert_eq!(
        s.dispatch("CreateIdentityProvider", &json!({}))
            .unwrap_err()
            .code(),
        "UnknownOperationException"
    );
}
