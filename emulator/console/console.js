// Placeholder until the console's page is written: shows the clock and
// counts what the emulator holds, refreshed on every event.
"use strict";

async function refresh() {
  const response = await fetch("/api/state");
  const state = await response.json();
  document.getElementById("status").textContent =
    `${state.clock.now} (${state.clock.pace}): ${state.calls.length} calls, ` +
    `${state.messages.length} messages, ${state.webhooks.length} requests to apps`;
}

const events = new EventSource("/api/events");
for (const name of ["changed", "heard", "webhook", "clock"]) {
  events.addEventListener(name, refresh);
}
refresh();
