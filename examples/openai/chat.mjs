// A chat loop over lifelong's OpenAI-compatible /v1 with the official OpenAI Node SDK: it
// resends the whole history each turn, as chat UIs do, and streams the replies.
//
//   BASE_URL=http://127.0.0.1:8420/v1 KEY=llt_... MODEL=ada node examples/openai/chat.mjs
// (npm install openai, or use the copy `make setup` puts in tests/node.)
import OpenAI from "openai";
import * as readline from "node:readline/promises";

const client = new OpenAI({ baseURL: process.env.BASE_URL, apiKey: process.env.KEY });
const model = process.env.MODEL ?? "ada";
const history = [{ role: "system", content: "Keep your answers short." }];
const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  const question = line.trim();
  if (!question) continue;
  history.push({ role: "user", content: question });
  let reply = "";
  const stream = await client.chat.completions.create({ model, messages: history, stream: true });
  for await (const chunk of stream) {
    const piece = chunk.choices[0]?.delta?.content ?? "";
    reply += piece;
    process.stdout.write(piece);
  }
  process.stdout.write("\n");
  history.push({ role: "assistant", content: reply });
}
