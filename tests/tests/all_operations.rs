//! Each of the customer's 79 operations, called through its typed method, reaches the local
//! server with the right method and path. The server answers `{}`, so calls whose response
//! type has required fields end in a decode error naming the operation; the request is what
//! this test is about (the other client tests check decoding).

#![allow(deprecated, reason = "the v1 assistants operations are deprecated, and still called")]

mod support;

use openai_client::runtime::multipart::File;
use openai_client::runtime::Error;
use openai_client::types::*;
use serde::de::DeserializeOwned;
use serde_json::json;
use support::{Reply, Server};

fn from<T: DeserializeOwned>(v: serde_json::Value) -> T {
    serde_json::from_value(v).expect("test value fits the type")
}

/// A call reached the server: its result is a value, or a decode error of that operation.
fn reached<T>(result: Result<T, Error>, operation: &str) {
    match result {
        Ok(_) => {}
        Err(Error::Decode(e)) if e.operation == operation => {}
        Err(e) => panic!("{operation}: {e}"),
    }
}

macro_rules! call {
    ($op:literal, $e:expr) => {
        reached($e.await, $op)
    };
}

#[tokio::test]
async fn every_operation_reaches_its_endpoint() {
    let ok = || Reply::json(json!({}));
    let server = Server::start((0..79).map(|_| ok()).collect()).await;
    let c = server.client();
    let file = || File::from_bytes("a.bin", b"abc".to_vec());
    let id = "x_1";

    // Chat
    call!(
        "createChatCompletion",
        c.create_chat_completion(&from(json!({"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]})))
    );
    call!("getChatCompletion", c.get_chat_completion(id));
    call!("getChatCompletionMessages", c.get_chat_completion_messages(id, &Default::default()));
    call!("listChatCompletions", c.list_chat_completions(&Default::default()));
    call!("updateChatCompletion", c.update_chat_completion(id, &from(json!({"metadata": {"k": "v"}}))));
    call!("deleteChatCompletion", c.delete_chat_completion(id));
    // Audio
    call!("createSpeech", c.create_speech(&from(json!({"model": "tts-1", "input": "hi", "voice": "alloy"}))));
    call!("createTranscription", c.create_transcription(&CreateTranscriptionRequest::new(file(), "whisper-1")));
    call!("createTranslation", c.create_translation(&CreateTranslationRequest::new(file(), "whisper-1")));
    // Images
    call!("createImage", c.create_image(&from(json!({"prompt": "a cat"}))));
    call!("createImageEdit", c.create_image_edit(&CreateImageEditRequest::new("hat", file())));
    call!("createImageVariation", c.create_image_variation(&CreateImageVariationRequest::new(file())));
    // Embeddings
    call!("createEmbedding", c.create_embedding(&from(json!({"model": "text-embedding-3-small", "input": "hi"}))));
    // Fine-tuning
    call!(
        "createFineTuningJob",
        c.create_fine_tuning_job(&from(json!({"model": "gpt-4o-mini", "training_file": "file-1"})))
    );
    call!("listPaginatedFineTuningJobs", c.list_paginated_fine_tuning_jobs(&Default::default()));
    call!("listFineTuningEvents", c.list_fine_tuning_events(id, &Default::default()));
    call!("listFineTuningJobCheckpoints", c.list_fine_tuning_job_checkpoints(id, &Default::default()));
    call!("retrieveFineTuningJob", c.retrieve_fine_tuning_job(id));
    call!("cancelFineTuningJob", c.cancel_fine_tuning_job(id));
    // Batch
    call!(
        "createBatch",
        c.create_batch(&from(
            json!({"input_file_id": "file-1", "endpoint": "/v1/chat/completions", "completion_window": "24h"})
        ))
    );
    call!("retrieveBatch", c.retrieve_batch(id));
    call!("cancelBatch", c.cancel_batch(id));
    call!("listBatches", c.list_batches(&Default::default()));
    // Files
    call!("createFile", c.create_file(&CreateFileRequest::new(file(), CreateFileRequestPurpose::Batch)));
    call!("listFiles", c.list_files(&Default::default()));
    call!("retrieveFile", c.retrieve_file(id));
    call!("deleteFile", c.delete_file(id));
    call!("downloadFile", c.download_file(id));
    // Uploads
    call!(
        "createUpload",
        c.create_upload(&from(
            json!({"filename": "a.jsonl", "purpose": "batch", "bytes": 3, "mime_type": "text/jsonl"})
        ))
    );
    call!("addUploadPart", c.add_upload_part(id, &AddUploadPartRequest::new(file())));
    call!("completeUpload", c.complete_upload(id, &from(json!({"part_ids": ["part_1"]}))));
    // Models
    call!("listModels", c.list_models());
    call!("retrieveModel", c.retrieve_model("gpt-4o"));
    call!("deleteModel", c.delete_model("ft:gpt-4o:x"));
    // Moderations
    call!("createModeration", c.create_moderation(&from(json!({"input": "hi"}))));
    // Invites
    call!("list-invites", c.list_invites(&Default::default()));
    call!("inviteUser", c.invite_user(&from(json!({"email": "a@b.c", "role": "reader"}))));
    call!("retrieve-invite", c.retrieve_invite(id));
    call!("delete-invite", c.delete_invite(id));
    // Users
    call!("list-users", c.list_users(&Default::default()));
    call!("modify-user", c.modify_user(id, &from(json!({"role": "reader"}))));
    call!("retrieve-user", c.retrieve_user(id));
    // Projects
    call!("list-projects", c.list_projects(&Default::default()));
    call!("create-project", c.create_project(&from(json!({"name": "p"}))));
    call!("retrieve-project", c.retrieve_project(id));
    call!("modify-project", c.modify_project(id, &from(json!({"name": "q"}))));
    call!("archive-project", c.archive_project(id));
    // Project users
    call!("list-project-users", c.list_project_users(id, &Default::default()));
    call!("create-project-user", c.create_project_user(id, &from(json!({"user_id": "u", "role": "member"}))));
    call!("retrieve-project-user", c.retrieve_project_user(id, "u"));
    call!("modify-project-user", c.modify_project_user(id, "u", &from(json!({"role": "owner"}))));
    call!("delete-project-user", c.delete_project_user(id, "u"));
    // Project service accounts
    call!("list-project-service-accounts", c.list_project_service_accounts(id, &Default::default()));
    call!("create-project-service-account", c.create_project_service_account(id, &from(json!({"name": "bot"}))));
    call!("retrieve-project-service-account", c.retrieve_project_service_account(id, "sa"));
    call!("delete-project-service-account", c.delete_project_service_account(id, "sa"));
    // Project API keys
    call!("list-project-api-keys", c.list_project_api_keys(id, &Default::default()));
    call!("retrieve-project-api-key", c.retrieve_project_api_key(id, "key"));
    call!("delete-project-api-key", c.delete_project_api_key(id, "key"));
    // Project rate limits
    call!("list-project-rate-limits", c.list_project_rate_limits(id, &Default::default()));
    call!(
        "update-project-rate-limits",
        c.update_project_rate_limits(id, "rl", &from(json!({"max_requests_per_1_minute": 10})))
    );
    // Usage
    let t = 1_700_000_000;
    call!("usage-completions", c.usage_completions(&openai_client::operations::UsageCompletionsParams::new(t)));
    call!("usage-embeddings", c.usage_embeddings(&openai_client::operations::UsageEmbeddingsParams::new(t)));
    call!("usage-moderations", c.usage_moderations(&openai_client::operations::UsageModerationsParams::new(t)));
    call!("usage-images", c.usage_images(&openai_client::operations::UsageImagesParams::new(t)));
    call!("usage-audio-speeches", c.usage_audio_speeches(&openai_client::operations::UsageAudioSpeechesParams::new(t)));
    call!(
        "usage-audio-transcriptions",
        c.usage_audio_transcriptions(&openai_client::operations::UsageAudioTranscriptionsParams::new(t))
    );
    call!("usage-vector-stores", c.usage_vector_stores(&openai_client::operations::UsageVectorStoresParams::new(t)));
    call!(
        "usage-code-interpreter-sessions",
        c.usage_code_interpreter_sessions(&openai_client::operations::UsageCodeInterpreterSessionsParams::new(t))
    );
    call!("usage-costs", c.usage_costs(&openai_client::operations::UsageCostsParams::new(t)));
    // Assistants (v1)
    call!("createAssistant", c.create_assistant(&from(json!({"model": "gpt-4o"}))));
    call!("listAssistants", c.list_assistants(&Default::default()));
    call!("deleteAssistant", c.delete_assistant(id));
    call!("modifyAssistant", c.modify_assistant(id, &from(json!({"name": "n"}))));
    call!("getAssistant", c.get_assistant(id));
    call!("createAssistantFile", c.create_assistant_file(id, &from(json!({"file_id": "file-1"}))));
    call!("listAssistantFiles", c.list_assistant_files(id, &Default::default()));
    call!("getAssistantFile", c.get_assistant_file(id, "file-1"));
    call!("deleteAssistantFile", c.delete_assistant_file(id, "file-1"));

    let seen = server.seen();
    assert_eq!(seen.len(), 79, "one request per operation");
    let spec = oagen::Spec::load(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/openai.yaml")))
        .and_then(|spec| spec.lower())
        .unwrap();
    for s in &seen {
        let matched = spec
            .operations
            .iter()
            .any(|op| op.http_method.as_str() == s.method.as_str() && path_matches(&op.path, &s.path));
        assert!(matched, "{} {} matches no operation of the spec", s.method, s.path);
    }
    let distinct: std::collections::BTreeSet<(String, String)> =
        seen.iter().map(|s| (s.method.to_string(), spec_template(&spec, s.method.as_str(), &s.path))).collect();
    assert_eq!(distinct.len(), 79, "79 different endpoints were called");
}

fn path_matches(template: &str, path: &str) -> bool {
    let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    t.len() == p.len() && t.iter().zip(&p).all(|(a, b)| a.starts_with('{') || a == b)
}

fn spec_template(spec: &oagen::ir::Api, method: &str, path: &str) -> String {
    spec.operations
        .iter()
        .filter(|op| op.http_method.as_str() == method && path_matches(&op.path, path))
        // The most literal template wins (`/models/{model}` over nothing else here).
        .max_by_key(|op| op.path.split('/').filter(|s| !s.starts_with('{')).count())
        .map(|op| op.path.clone())
        .unwrap()
}
