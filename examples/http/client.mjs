// A small client of `lifelong serve` for Node 20+ (global fetch, no npm packages), and a short
// session with it: declare a persona, record turns, answer as the persona (plain and streamed),
// record the answer with its generation id, rate it, read the persona's interactions back.
//
//   lifelong tokens create --scope record,manage          # prints the token once
//   BASE_URL=http://127.0.0.1:8420 TOKEN=llt_... node examples/http/client.mjs
//
// PERSONA (default "grace") picks the persona. Import the class from your own code:
//   import { Lifelong } from "./client.mjs";

import { pathToFileURL } from "node:url";

/** A refused or failed call: the server's message, and the field it names (if any). */
export class LifelongError extends Error {
  constructor(status, error) {
    super(`HTTP ${status}: ${error.message}${error.field ? ` (field ${error.field})` : ""}`);
    this.name = "LifelongError";
    this.status = status;
    this.type = error.type;
    this.field = error.field ?? null;
    this.detail = error;
  }
}

export class Lifelong {
  /** @param {string} baseUrl e.g. http://127.0.0.1:8420  @param {string} token llt_... */
  constructor(baseUrl, token, { timeoutMs = 120_000 } = {}) {
    this.api = `${baseUrl.replace(/\/+$/, "")}/api/v1`;
    this.token = token;
    this.timeoutMs = timeoutMs;
  }

  /** Creates the persona, or adds traits ([{name, description}]; traits are never removed). */
  persona(name, traits = [], profile = undefined) {
    return this.#json("PUT", `/personas/${enc(name)}`, { traits, profile });
  }

  /** Records one turn; resolves to its id once the turn is durable. */
  async record(persona, messages, { trait, metadata, generationId } = {}) {
    const body = { messages, trait, metadata, generation_id: generationId };
    return (await this.#json("POST", `/personas/${enc(persona)}/interactions`, body)).id;
  }

  /** Answers as the persona: {id, text, layers, base_model}. Pass `id` as generationId. */
  generate(persona, messages, { maxNewTokens, traits, temperature } = {}) {
    const body = { messages, max_new_tokens: maxNewTokens, traits, temperature };
    return this.#json("POST", `/personas/${enc(persona)}/generate`, body);
  }

  /**
   * Streams the answer: yields {type: "text", text} pieces, then {type: "done", generation}.
   * An `error` event (the model failed mid-answer) is thrown as a LifelongError.
   */
  async *generateStream(persona, messages, { maxNewTokens, traits, temperature } = {}) {
    const body = { messages, max_new_tokens: maxNewTokens, traits, temperature, stream: true };
    const response = await this.#send("POST", `/personas/${enc(persona)}/generate`, body);
    for await (const { event, data } of serverSentEvents(response.body)) {
      const payload = JSON.parse(data);
      if (event === "text") yield { type: "text", text: payload.text };
      else if (event === "done") {
        yield { type: "done", generation: payload };
        return;
      } else if (event === "error") throw new LifelongError(response.status, payload.error);
    }
    throw new LifelongError(response.status, { type: "stream", message: "the stream ended early" });
  }

  /** Rates a recorded turn (0..1) and/or gives the reply it should have been. */
  async feedback(persona, interactionId, { rating, correction } = {}) {
    const path = `/personas/${enc(persona)}/interactions/${enc(interactionId)}/feedback`;
    await this.#send("POST", path, { rating, correction });
  }

  /** A page of the persona's interactions, newest first: {items, total, limit, offset,
   * next_offset} (next_offset: null on the last page), the shape of every list of the API. */
  interactions(persona, { limit = 50, offset = 0, trait } = {}) {
    const query = new URLSearchParams({ limit: String(limit), offset: String(offset) });
    if (trait) query.set("trait", trait);
    return this.#json("GET", `/personas/${enc(persona)}/interactions?${query}`);
  }

  async #json(method, path, body) {
    return (await this.#send(method, path, body)).json();
  }

  async #send(method, path, body) {
    const headers = { Authorization: `Bearer ${this.token}` };
    const init = { method, headers, signal: AbortSignal.timeout(this.timeoutMs) };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body); // undefined fields are left out
    }
    const response = await fetch(this.api + path, init);
    if (!response.ok) {
      const text = await response.text();
      let error;
      try {
        error = JSON.parse(text).error;
      } catch {
        error = undefined;
      }
      throw new LifelongError(response.status, error ?? { type: "http", message: text.trim() });
    }
    return response;
  }
}

const enc = encodeURIComponent;

/** The events of a text/event-stream body: {event, data, id} each. */
async function* serverSentEvents(body) {
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true }).replace(/\r\n?/g, "\n");
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const message = { event: "message", data: [], id: undefined };
      for (const line of block.split("\n")) {
        if (!line || line.startsWith(":")) continue; // a comment (keepalive)
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "event") message.event = value;
        else if (field === "data") message.data.push(value);
        else if (field === "id") message.id = value;
      }
      if (message.data.length) yield { ...message, data: message.data.join("\n") };
    }
  }
}

async function main() {
  const { BASE_URL, TOKEN, PERSONA = "grace" } = process.env;
  if (!BASE_URL || !TOKEN) {
    throw new Error("set BASE_URL (http://127.0.0.1:8420) and TOKEN (a record,manage token)");
  }
  const ll = new Lifelong(BASE_URL, TOKEN);
  const turn = (user, assistant) => [
    { role: "user", content: user },
    { role: "assistant", content: assistant },
  ];

  await ll.persona(PERSONA, [{ name: "cooking", description: "gives short kitchen advice" }]);
  console.log(`persona ${PERSONA}: trait cooking declared`);
  for (const [user, assistant] of [
    ["How long do I boil an egg?", "About 7 minutes for a jammy yolk."],
    ["And for a hard yolk?", "10 to 11 minutes, then cool it in cold water."],
  ]) {
    console.log(`recorded turn ${await ll.record(PERSONA, turn(user, assistant), { trait: "cooking" })}`);
  }

  // A refused record names the field that is wrong.
  try {
    await ll.record(PERSONA, [{ role: "robot", content: "beep" }]);
    throw new Error("a record with an unknown role was accepted");
  } catch (err) {
    if (!(err instanceof LifelongError)) throw err;
    console.log(`refused as expected: ${err.message}`);
  }

  const question = "How do I keep pasta from sticking?";
  const plain = await ll.generate(PERSONA, [{ role: "user", content: question }], {
    maxNewTokens: 16,
  });
  console.log(`generated ${plain.id}: ${JSON.stringify(plain.text)}`);

  let streamed = "";
  let generation;
  for await (const item of ll.generateStream(PERSONA, [{ role: "user", content: question }], {
    maxNewTokens: 16,
  })) {
    if (item.type === "text") streamed += item.text;
    else generation = item.generation;
  }
  if (!generation || generation.text !== streamed) {
    throw new Error("the streamed pieces do not add up to the generation's text");
  }
  console.log(`streamed ${generation.id}: ${JSON.stringify(streamed)}`);

  // Record the turn as the user saw it, with the generation that wrote the reply. (A test
  // model may answer only whitespace, which is not a recordable reply.)
  const reply = generation.text.trim() ? generation.text : "(no answer)";
  const id = await ll.record(PERSONA, turn(question, reply), {
    trait: "cooking",
    generationId: generation.id,
  });
  console.log(`recorded the answered turn ${id} (generation ${generation.id})`);

  await ll.feedback(PERSONA, id, { rating: 0.5, correction: "Use plenty of water and stir." });
  console.log(`feedback on ${id}: rating 0.5 with a correction`);

  const page = await ll.interactions(PERSONA, { limit: 10 });
  console.log(`${page.total} interactions of the persona, newest first:`);
  for (const item of page.items) {
    const user = item.messages.find((m) => m.role === "user")?.content ?? "";
    const rating = item.feedback_rating === null ? "" : ` rating ${item.feedback_rating}`;
    const gen = item.generation_id ? ` generation ${item.generation_id}` : "";
    console.log(`  ${item.id}  ${JSON.stringify(user)}${rating}${gen}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    const cause = err.cause ? `: ${err.cause.message ?? err.cause}` : "";
    console.error(`error: ${err.message}${cause}`);
    process.exit(1);
  });
}
