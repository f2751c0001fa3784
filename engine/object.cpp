#include "engine/object.h"

namespace redsim {

std::string_view typeName(ObjType t) {
    switch (t) {
        case ObjType::String:
            return "string";
        case ObjType::List:
            return "list";
        case ObjType::Set:
            return "set";
        case ObjType::ZSet:
            return "zset";
        case ObjType::Hash:
            return "hash";
        case ObjType::Stream:
            return "stream";
    }
    return "unknown";
}

std::string_view encodingName(Encoding e) {
    switch (e) {
        case Encoding::Raw:
            return "raw";
        case Encoding::Int:
            return "int";
        case Encoding::HashTable:
            return "hashtable";
        case Encoding::IntSet:
            return "intset";
        case Encoding::SkipList:
            return "skiplist";
        case Encoding::EmbStr:
            return "embstr";
        case Encoding::QuickList:
            return "quicklist";
        case Encoding::Stream:
            return "stream";
        case Encoding::ListPack:
            return "listpack";
    }
    return "unknown";
}

std::string Object::stringValue() const {
    if (encoding_ == Encoding::Int) return std::to_string(intValue());
    return std::get<std::string>(value_);
}

size_t Object::stringLength() const {
    if (encoding_ == Encoding::Int) return std::to_string(intValue()).size();
    return std::get<std::string>(value_).size();
}

Object Object::duplicate() const {
    Object copy = *this;
    copy.shared_ = false;
    return copy;
}

}  // namespace redsim
