use {
  crossbeam_channel::{Receiver, Sender, unbounded},
  lsp_server::{Connection, Message},
  std::{
    io::{self, BufRead, Read, Write},
    thread,
  },
};

/// The largest message read: a stack file may be 64 MiB, and JSON may
/// escape each of its bytes into up to six.
const MESSAGE_LIMIT: u64 = 400 * 1024 * 1024;

/// The stdio side of a connection, read and written on threads of its own.
///
/// Not `lsp_server::Connection::stdio`: its reader stops at the first
/// message that is not UTF-8 or not JSON, and sizes its buffer from the
/// client's `Content-Length` before reading anything. This reader replaces
/// a byte that is not UTF-8, skips a message that is not JSON-RPC, reads no
/// more than arrives, and ends when the client goes away.
pub struct Transport;

impl Transport {
  pub fn stdio() -> Connection {
    let (incoming, receiver) = unbounded::<Message>();
    let (sender, outgoing) = unbounded::<Message>();
    let _ = thread::Builder::new()
      .name("lsp-reader".into())
      .spawn(move || Self::read_all(&mut io::stdin().lock(), &incoming));
    let _ = thread::Builder::new()
      .name("lsp-writer".into())
      .spawn(move || Self::write_all(&mut io::stdout().lock(), &outgoing));
    Connection { sender, receiver }
  }

  /// Forwards every message of `input` until it ends, or the server stops
  /// listening, or `exit` arrives.
  pub fn read_all(input: &mut impl BufRead, incoming: &Sender<Message>) {
    while let Some(body) = Self::read_body(input) {
      let Ok(message) = serde_json::from_slice::<Message>(&body)
        .or_else(|_| serde_json::from_str::<Message>(&String::from_utf8_lossy(&body)))
      else {
        eprintln!("stackc lsp: skipped a message that is not JSON-RPC");
        continue;
      };
      let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
      if incoming.send(message).is_err() || exit {
        return;
      }
    }
  }

  /// The body of the next message; `None` at the end of the input. Header
  /// lines that are not `Content-Length` are skipped.
  fn read_body(input: &mut impl BufRead) -> Option<Vec<u8>> {
    let mut length = None;
    loop {
      let mut line = Vec::new();
      let read = input
        .by_ref()
        .take(64 * 1024)
        .read_until(b'\n', &mut line)
        .ok()?;
      if read == 0 {
        return None;
      }
      let line = String::from_utf8_lossy(&line);
      let line = line.trim_end_matches(['\r', '\n']);
      if line.is_empty() {
        if length.is_some() {
          break;
        }
        continue;
      }
      if let Some((name, value)) = line.split_once(':')
        && name.trim().eq_ignore_ascii_case("content-length")
      {
        length = value.trim().parse::<u64>().ok();
      }
    }
    let length = length?;
    if length > MESSAGE_LIMIT {
      eprintln!("stackc lsp: a message of {length} bytes is past the limit; stopping");
      return None;
    }
    let mut body = Vec::new();
    input.take(length).read_to_end(&mut body).ok()?;
    // A client that leaves mid-message leaves nothing to answer.
    (body.len() as u64 == length).then_some(body)
  }

  /// Writes every message the server sends until it stops, or the client
  /// stops reading (a closed pipe is the client's leaving, not an error).
  pub fn write_all(output: &mut impl Write, outgoing: &Receiver<Message>) {
    for message in outgoing {
      let Ok(body) = serde_json::to_vec(&message) else {
        continue;
      };
      let written = write!(output, "Content-Length: {}\r\n\r\n", body.len())
        .and_then(|()| output.write_all(&body))
        .and_then(|()| output.flush());
      if written.is_err() {
        return;
      }
    }
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  fn frame(body: &[u8]) -> Vec<u8> {
    let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    framed.extend_from_slice(body);
    framed
  }

  #[test]
  fn bad_bytes_and_bad_json_are_survived() {
    let mut input = frame(b"{not json");
    input.extend(frame(
      b"{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":{\"t\":\"a\xffb\"}}",
    ));
    input.extend(b"Content-Length: 99\r\n\r\n{\"cut");
    let (sender, receiver) = unbounded();
    Transport::read_all(&mut input.as_slice(), &sender);
    let messages: Vec<Message> = receiver.try_iter().collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    let Message::Notification(notification) = &messages[0] else {
      panic!("{messages:?}");
    };
    assert_eq!(notification.params["t"], "a\u{FFFD}b");
  }
}
