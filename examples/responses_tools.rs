//! A function call over the Responses API: the model asks for a function, we run it and send
//! its output back, continuing from the previous response.

use openai_client::types::{CreateResponse, FunctionTool, Tool};
use openai_client::{Client, Error};

#[derive(serde::Deserialize)]
struct WeatherArgs {
    city: String,
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let parameters = serde_json::json!({
        "type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"], "additionalProperties": false
    });
    let tools = vec![Tool::from(FunctionTool::new("get_weather", parameters).strict(true))];
    let request = CreateResponse::default().model("gpt-4o-mini").tools(tools.clone()).input("Weather in Paris?");
    let first = client.create_response(&request).await?;
    let mut outputs = Vec::new();
    for call in first.function_calls() {
        let args: WeatherArgs = call.parse_arguments().expect("arguments as the schema says");
        println!("{} {}({})", call.call_id, call.name, args.city);
        outputs.push(call.output(format!("21 °C in {}", args.city)));
    }
    let request =
        CreateResponse::default().model("gpt-4o-mini").tools(tools).previous_response_id(first.id).input(outputs);
    let answer = client.create_response(&request).await?;
    println!("{}", answer.output_text());
    Ok(())
}
