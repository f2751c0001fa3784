// The list type (the low half of Redis's t_list.c): creating a list value, pushing and
// popping at its ends, reading by index and range, walking it in order.
//
// ONE ENCODING
//   Redis 7.0 stores every list, from one element to billions, as a quicklist: a doubly
//   linked list of listpack nodes (engine/ds/quicklist.h explains the node rules).
//   OBJECT ENCODING therefore always answers "quicklist" in 7.0. (Redis 7.2 brought
//   back a single-listpack encoding for small lists; 7.0, our reference, has none.)
//
// SETTINGS ARE TAKEN AT CREATION
//   A new list reads list-max-listpack-size and list-compress-depth from the config
//   when it is created (createQuicklistObject + quicklistSetOptions in Redis). A later
//   CONFIG SET changes only lists created afterwards: an existing list keeps the node
//   size and compression depth it was born with, in redsim as in Redis.
//
// EMPTY LISTS DO NOT EXIST
//   A key never holds an empty list: the command that removes the last element deletes
//   the key (the callers in engine/commands/lists.cpp do it), so every function here
//   may assume a list it is given was non-empty before the current command.
//
// Everything here is safe to call from SORT, the inspectors, RDB and the GUI: none of
// it replies to a client or touches the keyspace.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/object.h"

namespace redsim {

class Engine;

// Which end of a list (Redis's LIST_HEAD / LIST_TAIL). Head is the left end: LPUSH
// adds there and LINDEX 0 reads there.
enum class ListEnd { Head, Tail };

// Where a new list takes its node settings from.
//   FromConfig     list-max-listpack-size and list-compress-depth as set now: what
//                  pushes (LPUSH, RPUSH, LMOVE's destination) do in Redis 7.0
//                  (createQuicklistObject + quicklistSetOptions).
//   RedisDefaults  Redis's built-in -2 / 0 whatever the config says: what 7.0's bare
//                  createQuicklistObject() gives, and so what SORT ... STORE creates
//                  (redis-server 7.0.15 after CONFIG SET list-max-listpack-size 1:
//                  DEBUG OBJECT of a SORT STORE result shows ql_listpack_max:-2).
enum class ListSettings { FromConfig, RedisDefaults };

// An empty list object with the given settings. The caller adds elements before
// storing it under a key (an empty list must never be stored).
Object createListObject(const Engine& engine, ListSettings settings = ListSettings::FromConfig);

// A list holding `elements` in order, head first (for SORT ... STORE, which wants
// ListSettings::RedisDefaults, and other commands that build a whole list). Requires:
// elements is not empty if the result is going to be stored under a key.
Object listFromElements(const Engine& engine, std::span<const std::string> elements,
                        ListSettings settings = ListSettings::FromConfig);

// Number of elements (LLEN). Requires: o.type() == ObjType::List (true for every
// function below taking a list Object).
size_t listLength(const Object& o);

// Adds `value` at one end (listTypePush).
void listPush(Object& o, std::string_view value, ListEnd where);

// Removes and returns the element at one end (listTypePop); nullopt when the list is
// empty. The caller deletes the key when this leaves the list empty.
std::optional<std::string> listPop(Object& o, ListEnd where);

// The element at `index`, negative counting from the tail (-1 = last), as LINDEX;
// nullopt when out of range.
std::optional<std::string> listIndex(const Object& o, long long index);

// Up to `count` elements starting at `start` (0-based from the head), head to tail.
// The returned strings are copies: they stay valid after the list changes.
std::vector<std::string> listRange(const Object& o, size_t start, size_t count);

// Every element of the list, head to tail.
std::vector<std::string> listElements(const Object& o);

// Walks up to `count` elements starting at index `from` (negative counts from the
// tail) towards `towards` (ListEnd::Tail: head-to-tail order), calling
// fn(std::string element) for each; returns how many were visited (0 if `from` is out
// of range). It reads through the quicklist's iterator exactly as Redis's
// listTypeNext does: a compressed node is decompressed in place while it is read and
// compressed again when the walk leaves it, and leaving a node applies the
// compression rule around it. So the nodes end up in the states Redis leaves them in
// after LRANGE or LINDEX, which RDB and DUMP sizes can see. Commands use this;
// read-only users (SORT, the GUI) use listRange/forEachListElement, which never touch
// a node. Requires: fn does not change the list.
template <class F>
size_t listWalk(Object& o, long long from, size_t count, ListEnd towards, F&& fn) {
    const auto dir = towards == ListEnd::Tail ? Quicklist::Direction::FromHead : Quicklist::Direction::FromTail;
    Quicklist::Iterator it = o.quicklist().iterateAt(dir, from);
    size_t visited = 0;
    while (visited < count && it.next()) {
        fn(it.value());
        ++visited;
    }
    return visited;
}

// Calls fn(std::string_view element) for every element, head to tail. The view is
// valid only during the call. Requires: fn does not change the list. Costs O(N) plus
// one index seek per chunk of kListWalkChunk elements; the list is not modified
// (compressed nodes are read through a decompressed copy).
inline constexpr size_t kListWalkChunk = 1024;
template <class F>
void forEachListElement(const Object& o, F&& fn) {
    const size_t n = listLength(o);
    for (size_t start = 0; start < n; start += kListWalkChunk) {
        for (const std::string& e : listRange(o, start, kListWalkChunk)) fn(std::string_view(e));
    }
}

}  // namespace redsim
