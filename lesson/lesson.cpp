#include "lesson/lesson.h"

#include <cctype>

namespace redsim::lesson {

std::string slugify(std::string_view title) {
    std::string out;
    bool dash = false;
    for (const char ch : title) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c)) {
            if (dash && !out.empty()) out += '-';
            out += static_cast<char>(std::tolower(c));
            dash = false;
        } else {
            dash = true;
        }
    }
    return out;
}

}  // namespace redsim::lesson
