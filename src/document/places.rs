use {
  super::place::Place,
  hashbrown::{DefaultHashBuilder, HashTable},
  std::{borrow::Cow, hash::BuildHasher, ops::Range},
};

/// A node of the document: the root, a key or an array item.
pub(super) type NodeId = u32;

pub(super) const ROOT: NodeId = 0;

/// Source places by JSON pointer, kept as a tree of keys: each node holds
/// its parent and its own pointer segment, and one table finds a node by
/// its parent and segment. Memory grows with the keys of the file, not with
/// the length of every path: a path is never stored whole, so a deep table
/// with many keys (10,000 services, or a hostile file nesting long keys)
/// does not repeat it for each of them.
#[derive(Debug)]
pub(super) struct Places {
  /// Every node's segment, escaped as in a JSON pointer, end to end.
  segments: String,
  nodes: Vec<Node>,
  /// Node ids, hashed by parent and segment.
  children: HashTable<NodeId>,
  hasher: DefaultHashBuilder,
}

#[derive(Debug)]
struct Node {
  parent: NodeId,
  segment: Range<u32>,
  place: Place,
}

impl Default for Places {
  fn default() -> Self {
    Self::with_root(Place::default(), 0)
  }
}

impl Places {
  /// Places holding only the root; `capacity` nodes more fit without
  /// growing (growing rehashes every node seen so far).
  pub(super) fn with_root(root: Place, capacity: usize) -> Self {
    let mut nodes = Vec::with_capacity(capacity + 1);
    nodes.push(Node {
      parent: ROOT,
      segment: 0..0,
      place: root,
    });
    Self {
      segments: String::new(),
      nodes,
      children: HashTable::with_capacity(capacity),
      hasher: DefaultHashBuilder::default(),
    }
  }

  /// Adds the child of `parent` named `key` (an object key, unescaped, or
  /// an array index). Each comes once: a parsed TOML table has no
  /// duplicate key.
  pub(super) fn insert(&mut self, parent: NodeId, key: &str, place: Place) -> NodeId {
    let inserted = self.try_insert(parent, key, place);
    debug_assert!(inserted.is_some(), "{key} placed twice");
    inserted.unwrap_or_default()
  }

  /// Adds the child of `parent` named `key`, unless it has one already:
  /// the section reader finds duplicate keys here, in the one lookup that
  /// places the key.
  pub(super) fn try_insert(&mut self, parent: NodeId, key: &str, place: Place) -> Option<NodeId> {
    let segment = escaped(key);
    let Places {
      segments,
      nodes,
      children,
      hasher,
    } = self;
    let hash = hasher.hash_one((parent, &*segment));
    let entry = children.entry(
      hash,
      |&id| {
        let node = &nodes[id as usize];
        node.parent == parent && segments[range(&node.segment)] == *segment
      },
      |&id| {
        let node = &nodes[id as usize];
        hasher.hash_one((node.parent, &segments[range(&node.segment)]))
      },
    );
    let hashbrown::hash_table::Entry::Vacant(vacant) = entry else {
      return None;
    };
    let start = offset(segments.len());
    segments.push_str(&segment);
    let id = NodeId::try_from(nodes.len()).expect("fewer than 2^32 nodes");
    nodes.push(Node {
      parent,
      segment: start..offset(segments.len()),
      place,
    });
    vacant.insert(id);
    Some(id)
  }

  /// The place of a node, to settle a value's span once its end is read.
  pub(super) fn place_mut(&mut self, node: NodeId) -> &mut Place {
    &mut self.nodes[node as usize].place
  }

  /// The child of `parent` named `key` (unescaped), if there is one.
  pub(super) fn child(&self, parent: NodeId, key: &str) -> Option<NodeId> {
    self.child_by_segment(parent, &escaped(key))
  }

  fn child_by_segment(&self, parent: NodeId, segment: &str) -> Option<NodeId> {
    let hash = self.hasher.hash_one((parent, segment));
    self
      .children
      .find(hash, |&id| {
        let node = &self.nodes[id as usize];
        node.parent == parent && self.segments[range(&node.segment)] == *segment
      })
      .copied()
  }

  /// The place at a JSON pointer (`""` is the root).
  pub(super) fn get(&self, pointer: &str) -> Option<&Place> {
    let mut node = ROOT;
    if !pointer.is_empty() {
      for segment in pointer.strip_prefix('/')?.split('/') {
        node = self.child_by_segment(node, segment)?;
      }
    }
    Some(&self.nodes[node as usize].place)
  }

  /// Every node's JSON pointer and place.
  pub(super) fn iter(&self) -> impl Iterator<Item = (String, &Place)> {
    self.nodes.iter().enumerate().map(|(id, node)| {
      let mut segments = Vec::new();
      let mut at = id;
      while at != ROOT as usize {
        let node = &self.nodes[at];
        segments.push(&self.segments[range(&node.segment)]);
        at = node.parent as usize;
      }
      let pointer = segments
        .iter()
        .rev()
        .fold(String::new(), |mut pointer, segment| {
          pointer.push('/');
          pointer.push_str(segment);
          pointer
        });
      (pointer, &node.place)
    })
  }
}

/// `key` as a pointer segment, escaped as RFC 6901 says.
pub(super) fn escaped(key: &str) -> Cow<'_, str> {
  if needs_escaping(key) {
    let mut segment = String::new();
    push_escaped(&mut segment, key);
    Cow::Owned(segment)
  } else {
    Cow::Borrowed(key)
  }
}

/// Whether `key` holds `~` or `/`. A byte scan: every key of the file is
/// asked, and a `char` pattern search costs several times more.
fn needs_escaping(key: &str) -> bool {
  key.bytes().any(|byte| byte == b'~' || byte == b'/')
}

pub(super) fn push_escaped(text: &mut String, key: &str) {
  if !needs_escaping(key) {
    text.push_str(key);
    return;
  }
  for character in key.chars() {
    match character {
      '~' => text.push_str("~0"),
      '/' => text.push_str("~1"),
      other => text.push(other),
    }
  }
}

/// Segments are counted in `u32`: a stack file is read only up to 64 MiB.
fn offset(at: usize) -> u32 {
  u32::try_from(at).expect("segments shorter than 4 GiB")
}

fn range(segment: &Range<u32>) -> Range<usize> {
  segment.start as usize..segment.end as usize
}
