//! Requests whose arguments are strings alike name each one at the call
//! site, so that a reader sees which number calls which.

use laml::calls::CreateCall;
use laml::faxes::SendFax;
use laml::queues::{Member, UpdateQueueMember};
use laml::sid::{CallSid, QueueSid};

fn main() {
    let call: CreateCall = CreateCall::to("+15551230001")
        .from("+15559870002")
        .url("https://example.com/laml.xml");
    let fax: SendFax = SendFax::to("+15551230001")
        .from("+15551230000")
        .media_url("https://example.com/contract.pdf");
    let queue = QueueSid::from("QU0001");
    let caller = CallSid::from("CA0001");
    let front: UpdateQueueMember = UpdateQueueMember::dequeue(Member::Front)
        .from(&queue)
        .url("https://example.com/agent.xml");
    let by_sid: UpdateQueueMember = UpdateQueueMember::dequeue(&caller)
        .from(queue)
        .url("https://example.com/agent.xml");
    let _ = (call, fax, front, by_sid);
}
