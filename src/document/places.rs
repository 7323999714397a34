use {
  super::Place,
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
    debug_assert!(self.child(parent, key).is_none(), "{key} placed twice");
    let start = self.segments.len();
    push_escaped(&mut self.segments, key);
    let segment = offset(start)..offset(self.segments.len());
    let id = NodeId::try_from(self.nodes.len()).expect("fewer than 2^32 nodes");
    let Places {
      segments,
      nodes,
      children,
      hasher,
    } = self;
    let hash = hasher.hash_one((parent, &segments[start..]));
    nodes.push(Node {
      parent,
      segment,
      place,
    });
    children.insert_unique(hash, id, |&id| {
      let node = &nodes[id as usize];
      hasher.hash_one((node.parent, &segments[range(&node.segment)]))
    });
    id
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
  if key.contains(['~', '/']) {
    let mut segment = String::new();
    push_escaped(&mut segment, key);
    Cow::Owned(segment)
  } else {
    Cow::Borrowed(key)
  }
}

pub(super) fn push_escaped(text: &mut String, key: &str) {
  if !key.contains(['~', '/']) {
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
