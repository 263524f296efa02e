use laml::queues::UpdateQueueMember;
use laml::sid::{CallSid, QueueSid};

// The queue and the call, named the wrong way round.
fn dequeue(queue: &QueueSid, call: &CallSid) -> UpdateQueueMember {
    UpdateQueueMember::dequeue(queue)
        .from(call)
        .url("https://example.com/agent.xml")
}

fn main() {}
