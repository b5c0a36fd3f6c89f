// The reply form: each answer is saved as it is typed, and nothing typed is lost when a save
// fails. The text stays in the field and in the browser's storage (keyed by reply and question)
// until the server has it; the reason a save failed is shown beside the question (too long,
// submitted in another tab, saved meanwhile by someone else, session ended, server away).
// Without this script the form still works: "Save all" posts every answer at once.
(function () {
  "use strict";

  const DELAY = 1200; // ms after the last key
  const RETRY = 15000; // ms between attempts while the session has ended or the server is away

  // A locked reply (submitted in another tab, say): what this browser kept of answers typed
  // and never saved is shown beside each question, to be copied, until the person forgets it.
  function showKept() {
    const root = document.getElementById("locked-answers");
    if (!root || !root.dataset.reply) {
      return;
    }
    let store;
    try {
      store = window.localStorage;
    } catch (e) {
      return;
    }
    root.querySelectorAll("section[data-question]").forEach((section) => {
      const key = "lanzarote:reply:" + root.dataset.reply + ":question:" + section.dataset.question;
      let draft;
      try {
        draft = JSON.parse(store.getItem(key));
      } catch (e) {
        draft = null;
      }
      if (!draft || !draft.text) {
        return;
      }
      const box = document.createElement("div");
      box.className = "field-problem kept-draft";
      const note = document.createElement("p");
      note.className = "notice";
      note.textContent = root.dataset.msgKept.split("{when}").join(
        new Date(draft.at).toLocaleString(document.documentElement.lang || undefined));
      const text = document.createElement("pre");
      text.textContent = draft.text;
      const forget = document.createElement("button");
      forget.type = "button";
      forget.textContent = root.dataset.msgForget;
      forget.addEventListener("click", () => {
        store.removeItem(key);
        box.remove();
      });
      box.append(note, text, forget);
      section.append(box);
    });
  }

  function start() {
    const form = document.getElementById("answers");
    if (!form) {
      showKept();
      return;
    }
    const replyId = form.dataset.reply;
    const limit = parseInt(form.dataset.limit, 10);
    const number = new Intl.NumberFormat(document.documentElement.lang || undefined);
    const progress = document.getElementById("progress");

    function say(name, values) {
      let text = form.dataset["msg" + name] || "";
      for (const [key, value] of Object.entries(values || {})) {
        text = text.split("{" + key + "}").join(value);
      }
      return text;
    }

    function csrfToken() {
      // Read at each request: signing in again (in another tab) renews the token.
      const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
      if (match) {
        return decodeURIComponent(match[1]);
      }
      return form.querySelector("[name=csrfmiddlewaretoken]").value;
    }

    function length(text) {
      let n = 0;
      for (const _ of text) {
        n += 1; // code points, as the server counts
      }
      return n;
    }

    function storage() {
      try {
        return window.localStorage;
      } catch (e) {
        return null;
      }
    }

    class Field {
      constructor(textarea) {
        this.textarea = textarea;
        this.id = textarea.dataset.question;
        this.url = textarea.dataset.autosave;
        this.version = document.getElementById("version-" + this.id);
        this.state = document.getElementById("saved-" + this.id);
        this.counter = document.getElementById("count-" + this.id);
        this.problem = document.getElementById("problem-" + this.id);
        this.key = "lanzarote:reply:" + replyId + ":question:" + this.id;
        this.timer = null;
        this.retryTimer = null;
        this.busy = false;
        this.again = false;
        this.saved = textarea.dataset.unsaved ? null : textarea.value;
        textarea.addEventListener("input", () => this.typed());
        this.generation = 0; // a choice made in a conflict makes earlier answers stale
        textarea.addEventListener("blur", () => {
          if (this.dirty() && this.problem.dataset.kind !== "conflict") {
            this.save();
          }
        });
        this.problem.addEventListener("click", (event) => this.choose(event));
        this.restore();
        this.count();
        if (textarea.dataset.unsaved) {
          this.keep();
        }
      }

      dirty() {
        return this.textarea.value !== this.saved;
      }

      keep() {
        const store = storage();
        if (!store) {
          return;
        }
        try {
          store.setItem(this.key, JSON.stringify({
            text: this.textarea.value, version: this.version.value, at: Date.now(),
          }));
        } catch (e) {
          // storage full or refused: the text is still in the field
        }
      }

      forget() {
        const store = storage();
        if (store) {
          store.removeItem(this.key);
        }
      }

      restore() {
        const store = storage();
        const kept = store && store.getItem(this.key);
        if (!kept) {
          return;
        }
        let draft;
        try {
          draft = JSON.parse(kept);
        } catch (e) {
          this.forget();
          return;
        }
        if (this.textarea.dataset.unsaved) {
          return; // the page shows what was just posted and refused: newer than the copy kept
        }
        if (draft.text === this.textarea.value) {
          this.forget();
          return;
        }
        this.textarea.value = draft.text;
        this.version.value = draft.version; // the version it was typed on: a later save conflicts
        const when = new Date(draft.at).toLocaleString(document.documentElement.lang || undefined);
        this.typed();
        const note = document.createElement("p");
        note.className = "notice";
        note.setAttribute("role", "status");
        note.textContent = say("Restored", { when: when });
        this.problem.prepend(note);
        this.textarea.closest(".answer-field").classList.add("has-problem");
        if (!this.count().over) {
          this.save();
        }
      }

      count() {
        const n = length(this.textarea.value);
        const over = n > limit;
        this.counter.textContent = say("Count", {
          n: number.format(n), limit: number.format(limit),
        });
        this.counter.classList.toggle("over", over);
        return { n: n, over: over };
      }

      typed() {
        const { n, over } = this.count();
        this.keep();
        this.setState(say("Unsaved"));
        clearTimeout(this.timer);
        if (over) {
          this.show(say("Over", {
            n: number.format(n), over: number.format(n - limit), limit: number.format(limit),
          }), "error");
          return;
        }
        if (this.problem.dataset.kind === "error") {
          this.show("");
        }
        this.timer = setTimeout(() => this.save(), DELAY);
      }

      setState(text) {
        this.state.textContent = text;
      }

      show(text, kind, retry) {
        this.problem.textContent = "";
        this.problem.dataset.kind = kind || "";
        this.retrying = Boolean(retry);
        this.textarea.closest(".answer-field").classList.toggle("has-problem", Boolean(text));
        if (!text) {
          return;
        }
        const p = document.createElement("p");
        p.className = kind || "error";
        p.setAttribute("role", kind === "notice" ? "status" : "alert");
        p.textContent = text;
        if (retry) {
          const button = document.createElement("button");
          button.type = "button";
          button.dataset.choose = "retry";
          button.textContent = say("Retry");
          p.append(" ", button);
        }
        this.problem.append(p);
      }

      later() {
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => {
          if (this.dirty()) {
            this.save();
          }
        }, RETRY);
      }

      choose(event) {
        const button = event.target.closest("button[data-choose]");
        if (!button) {
          return;
        }
        const choice = button.dataset.choose;
        this.generation += 1;
        const conflict = this.problem.querySelector("[data-conflict]");
        if (conflict) {
          this.version.value = conflict.dataset.version; // their version is now seen
        }
        if (choice === "theirs" && conflict) {
          this.textarea.value = conflict.querySelector("[data-theirs]").textContent;
          this.saved = this.textarea.value;
          this.forget();
          this.count();
          this.show("");
          this.save(true);
          return;
        }
        this.show("");
        this.save(true);
      }

      async save(force) {
        clearTimeout(this.timer);
        if (this.busy) {
          this.again = this.again || (force ? "force" : true);
          return;
        }
        if (!force && !this.dirty()) {
          return;
        }
        if (this.count().over) {
          return; // the reason is shown; nothing is sent until it fits
        }
        this.busy = true;
        const generation = this.generation;
        const text = this.textarea.value;
        const body = new FormData();
        body.append("answer-" + this.id, text);
        body.append("version-" + this.id, this.version.value);
        this.setState(say("Saving"));
        let response = null;
        try {
          response = await fetch(this.url, {
            method: "POST",
            body: body,
            credentials: "same-origin",
            redirect: "manual",
            headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" },
          });
        } catch (e) {
          response = null;
        }
        try {
          if (generation === this.generation) {
            await this.answered(response, text);
          }
        } finally {
          this.busy = false;
          if (this.again) {
            const force = this.again === "force";
            this.again = false;
            this.save(force);
          }
        }
      }

      async answered(response, text) {
        if (response === null || response.type === "opaqueredirect" || response.status >= 500) {
          this.setState(say("NotSaved"));
          this.show(say("Offline"), "error", true);
          this.later();
          return;
        }
        const body = await response.text();
        if (response.ok) {
          const page = new DOMParser().parseFromString(body, "text/html");
          const saved = page.querySelector("[data-version]");
          this.version.value = saved.dataset.version;
          this.setState(saved.textContent);
          const counted = page.querySelector("[data-progress]");
          if (counted && progress) {
            progress.textContent = counted.textContent;
          }
          this.saved = text;
          if (!this.dirty()) {
            this.forget();
          }
          this.show("");
          return;
        }
        this.setState(say("NotSaved"));
        if (response.status === 409 && body.includes("data-conflict")) {
          this.problem.innerHTML = body; // the server's own template, every text escaped
          this.problem.dataset.kind = "conflict";
          this.textarea.closest(".answer-field").classList.add("has-problem");
          return;
        }
        if (response.status === 401) {
          this.show(body, "error", true);
          this.later();
          return;
        }
        const plain = (response.headers.get("Content-Type") || "").startsWith("text/plain");
        if (response.status === 403 || !plain) {
          this.show(say("Refused"), "error", true); // a page, not a reason: say it in words
          return;
        }
        // 409 submitted meanwhile, 422 refused with a reason, 400: the server says why
        this.show(body + " " + say("Kept"), "error");
      }
    }

    const fields = Array.from(form.querySelectorAll("textarea[data-autosave]"), (t) => new Field(t));

    form.addEventListener("submit", () => {
      fields.forEach((field) => clearTimeout(field.timer));
      form.querySelector("[name=csrfmiddlewaretoken]").value = csrfToken();
    });
    window.addEventListener("focus", () => {
      fields.forEach((field) => {
        if (field.dirty() && field.retrying) {
          field.save();
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
