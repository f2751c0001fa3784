// The geo view: a sorted set GEOADD filled, drawn as points on a map (an equirectangular
// projection fitted to the members, a degree graticule, the member names). The last
// GEOSEARCH / GEOSEARCHSTORE / GEORADIUS[BYMEMBER] / GEODIST run on the key is drawn on
// it: the search circle or box, its centre, the members inside lit up, and the 9 geohash
// cells GEOSEARCH scans (the centre's cell and its neighbours at the step chosen for the
// radius, each one a range of scores), the skipped ones crossed out. Beside the map: the
// members (position, GEOHASH) and what each cell contributed.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <set>

#include "engine/types/geo.h"
#include "gui/draw.h"
#include "gui/model/geo_layout.h"
#include "gui/model/value_cache.h"
#include "gui/value_header.h"
#include "gui/views/views.h"

namespace redsim::gui {

namespace {

class GeoView final : public View {
public:
    std::string_view name() const override { return "geo"; }
    std::string_view title() const override { return "Geo"; }
    bool keyed() const override { return true; }
    int fit(const inspect::ValueSnapshot& v) const override { return v.geo ? 100 : 0; }
    void drawContent(Frame& f) override;

private:
    void refresh(GuiState& s);
    void drawMap(Frame& f, float w, float h);
    void drawSide(Frame& f);

    // Up to 2000 members on the map; the rest are counted. Retaken on writes and
    // commands, and with it the search below.
    ValueCache cache_{inspect::Limits{.entries = 1, .geo_members = 2000}};
    const inspect::ValueSnapshot* snap_ = nullptr;
    std::optional<GeoCommand> cmd_;
    std::optional<inspect::GeoSearchSnap> search_;
    std::optional<LonLatDeg> dist_to_;  // GEODIST's second member
    std::set<std::string> inside_;
    std::string key_;
    bool fit_cells_ = false;  // fit the map to the 9 cells rather than the members
};

void GeoView::refresh(GuiState& s) {
    bool retaken = false;
    snap_ = cache_.get(s, &retaken);
    if (!retaken) return;
    key_ = s.selected_key;
    cmd_.reset();
    search_.reset();
    dist_to_.reset();
    inside_.clear();
    if (!snap_ || !snap_->geo) return;
    cmd_ = lastGeoCommand(s.commands(), key_);
    if (!cmd_ || !cmd_->error.empty()) return;
    if (cmd_->from_member) {
        const auto p = geoMemberPosition(s.engine(), s.db, key_, cmd_->member);
        if (!p) {
            cmd_->error = "no member '" + cmd_->member + "' in the key";
            return;
        }
        cmd_->lon = p->lon;
        cmd_->lat = p->lat;
        cmd_->centre_known = true;
    }
    if (cmd_->kind == GeoCommand::Kind::Distance) {
        dist_to_ = geoMemberPosition(s.engine(), s.db, key_, cmd_->member2);
        if (!dist_to_) cmd_->error = "no member '" + cmd_->member2 + "' in the key";
        return;
    }
    if (cmd_->lon < -180 || cmd_->lon > 180 || cmd_->lat < -85.05112878 || cmd_->lat > 85.05112878) {
        cmd_->error = "the centre is outside GEOADD's limits";
        return;
    }
    search_ = inspect::geoSearchOf(s.engine(), s.db, key_, cmd_->query(), inspect::Limits{.geo_members = 64});
    for (const auto& m : snap_->geo->members)
        if (insideShape(*cmd_, m.lon, m.lat)) inside_.insert(m.member);
}

void GeoView::drawMap(Frame& f, float w, float h) {
    const Theme& t = f.theme;
    const inspect::GeoSnap& g = *snap_->geo;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##map", ImVec2(w, h));
    const bool hovered = ImGui::IsItemHovered();
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), col(t.panel), 4);
    dl->AddRect(p, ImVec2(p.x + w, p.y + h), col(t.grid), 4);

    // What the map is fitted to: the members and the search area (or the 9 cells).
    std::array<double, 4> b{1e9, 1e9, -1e9, -1e9};
    auto grow = [&](double lon, double lat) {
        b[0] = std::min(b[0], lon);
        b[1] = std::min(b[1], lat);
        b[2] = std::max(b[2], lon);
        b[3] = std::max(b[3], lat);
    };
    for (const auto& m : g.members) grow(m.lon, m.lat);
    if (search_) {
        // Cut to the world: a search past the antimeridian or a pole fits all of it.
        const auto sb = searchFitBounds(search_->bounds);
        grow(sb[0], sb[1]);
        grow(sb[2], sb[3]);
        if (fit_cells_)
            for (const auto& c : search_->cells)
                if (c.skip.empty())
                    for (const auto& r : worldRects({c.area[0], c.area[1], c.area[2], c.area[3]})) {
                        grow(r[0], r[1]);
                        grow(r[2], r[3]);
                    }
    }
    const float pad = 8 * f.scale;
    // At least 0.0005 degrees (about 50 m) shown, so a search of a few meters is visible.
    const GeoProjection pr = fitProjection(b, p.x + pad, p.y + pad, w - 2 * pad, h - 2 * pad, 0.08, 0.0005);
    auto at = [&](double lon, double lat) {
        const ScreenPt s = pr.toScreen(lon, lat);
        return ImVec2(s.x, s.y);
    };
    dl->PushClipRect(p, ImVec2(p.x + w, p.y + h), true);

    // Graticule with degree labels on the left and bottom edges.
    const double lon_step = niceStep(pr.lon_max - pr.lon_min, 6), lat_step = niceStep(pr.lat_max - pr.lat_min, 5);
    for (double lon : gridLines(std::max(pr.lon_min, -180.0), std::min(pr.lon_max, 180.0), lon_step)) {
        const ImVec2 a = at(lon, pr.lat_max);
        dl->AddLine(ImVec2(a.x, p.y), ImVec2(a.x, p.y + h), col(t.grid), 1);
        dl->AddText(ImVec2(a.x + 3, p.y + h - ImGui::GetTextLineHeight() - 2), col(t.muted),
                    degreeLabel(lon, lon_step, true).c_str());
    }
    for (double lat : gridLines(std::max(pr.lat_min, -90.0), std::min(pr.lat_max, 90.0), lat_step)) {
        const ImVec2 a = at(pr.lon_min, lat);
        dl->AddLine(ImVec2(p.x, a.y), ImVec2(p.x + w, a.y), col(t.grid), 1);
        dl->AddText(ImVec2(p.x + 4, a.y - ImGui::GetTextLineHeight() - 1), col(t.muted),
                    degreeLabel(lat, lat_step, false).c_str());
    }

    // The 9 cells: scanned ones outlined and named, skipped ones crossed out. A label
    // shortens to fit its cell ("north-west ..." -> "NW ..." -> "NW").
    auto cellLabel = [&](ImVec2 a, ImVec2 z, const std::string& full, const std::string& mid, const std::string& tiny,
                         Rgba c) {
        const float room = z.x - a.x - 8;
        const std::string* pick = &tiny;
        if (ImGui::CalcTextSize(full.c_str()).x <= room)
            pick = &full;
        else if (ImGui::CalcTextSize(mid.c_str()).x <= room)
            pick = &mid;
        dl->PushClipRect(a, z, true);
        dl->AddText(ImVec2(a.x + 4, a.y + 3), col(c), pick->c_str());
        dl->PopClipRect();
    };
    if (search_) {
        for (const auto& c : search_->cells) {
            if (c.skip == "duplicate") continue;  // the same cell as one drawn already
            // Cells past the antimeridian are drawn on the other side, cut to the world.
            if (!c.skip.empty()) {
                // A zeroed neighbour has no area of its own: it sits beside the centre cell.
                const auto na = neighbourArea(search_->cells.front().area, c.name);
                bool first = true;
                for (const auto& r : worldRects(na)) {
                    const ImVec2 a = at(r[0], r[3]), z = at(r[2], r[1]);
                    dl->AddRect(a, z, col(t.muted, 0.6f), 0, 0, 1);
                    dl->AddLine(a, z, col(t.muted, 0.5f));
                    dl->AddLine(ImVec2(a.x, z.y), ImVec2(z.x, a.y), col(t.muted, 0.5f));
                    if (first)
                        cellLabel(a, z, c.name + " skipped", cellAbbrev(c.name) + " skipped", cellAbbrev(c.name),
                                  t.muted);
                    first = false;
                }
                continue;
            }
            const bool centre = c.name == "centre";
            char counts[48];
            std::snprintf(counts, sizeof counts, "%zu found, %zu in", c.candidates.size() + c.more, c.inside);
            bool first = true;
            for (const auto& r : worldRects({c.area[0], c.area[1], c.area[2], c.area[3]})) {
                const ImVec2 a = at(r[0], r[3]), z = at(r[2], r[1]);
                dl->AddRectFilled(a, z, col(t.accent, centre ? 0.10f : 0.05f));
                dl->AddRect(a, z, col(t.accent, 0.8f), 0, 0, centre ? 2.0f : 1.0f);
                if (first)
                    cellLabel(a, z, c.name + "  " + counts, cellAbbrev(c.name) + " " + counts, cellAbbrev(c.name),
                              t.accent);
                first = false;
            }
        }
    }

    // The search shape and its centre.
    if (cmd_ && cmd_->error.empty() && cmd_->centre_known) {
        const ImVec2 c = at(cmd_->lon, cmd_->lat);
        if (search_) {
            const double m = cmd_->to_meters;
            // Filled as strips of about 2 px (right for any size: a circle of 20000 km
            // is the world but a hole at the antipode); the outline cut at the world's
            // edges, the part past the antimeridian on the other side.
            for (const auto& sp : shapeSpans(*cmd_, pr.lat_min, pr.lat_max, 2 * f.scale / pr.k))
                dl->AddRectFilled(at(sp.lon0, sp.lat1), at(sp.lon1, sp.lat0), col(t.path, 0.12f));
            const auto poly = cmd_->box ? boxPolygon(cmd_->lon, cmd_->lat, cmd_->width * m, cmd_->height * m)
                                        : circlePolygon(cmd_->lon, cmd_->lat, cmd_->radius * m);
            std::vector<ImVec2> pts;
            for (const auto& line : worldPolylines(poly)) {
                pts.clear();
                for (const auto& q : line) pts.push_back(at(q.lon, q.lat));
                dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), col(t.path), 0, 2.0f);
            }
        } else if (dist_to_) {
            const ImVec2 d = at(dist_to_->lon, dist_to_->lat);
            dl->AddLine(c, d, col(t.path), 2.0f);
        }
        const float r = 6 * f.scale;
        dl->AddLine(ImVec2(c.x - r, c.y), ImVec2(c.x + r, c.y), col(t.path), 2);
        dl->AddLine(ImVec2(c.x, c.y - r), ImVec2(c.x, c.y + r), col(t.path), 2);
    }

    // Members: dots, and names placed off each other and off the search's centre; the
    // ones inside the search lit up. Placement is quadratic, so at most kLabels names
    // (with many members: only those inside the search).
    constexpr size_t kLabels = 200;
    const bool many = g.members.size() > kLabels;
    const float dot = 4.5f * f.scale;
    std::vector<ScreenPt> pts, sizes;
    std::vector<size_t> labelled;
    for (size_t i = 0; i < g.members.size(); ++i) {
        const auto& m = g.members[i];
        const bool in = inside_.count(m.member) > 0;
        const ImVec2 q = at(m.lon, m.lat);
        dl->AddCircleFilled(q, dot, col(in ? t.highlight : t.accent));
        dl->AddCircle(q, dot, col(t.background), 0, 1);
        if ((!many || in) && labelled.size() < kLabels) {
            labelled.push_back(i);
            pts.push_back({q.x, q.y});
            const ImVec2 ts = ImGui::CalcTextSize(ellipsize(m.member, 24).c_str());
            sizes.push_back({ts.x, ts.y});
        }
    }
    if (cmd_ && cmd_->error.empty() && cmd_->centre_known) {
        const ImVec2 c = at(cmd_->lon, cmd_->lat);
        pts.push_back({c.x, c.y});
        sizes.push_back({0, 0});
    }
    const auto label_at = placeLabels(pts, sizes, dot + 2 * f.scale);
    for (size_t k = 0; k < labelled.size(); ++k) {
        const auto& m = g.members[labelled[k]];
        const bool in = inside_.count(m.member) > 0;
        dl->AddText(ImVec2(label_at[k].x, label_at[k].y), col(in ? t.highlight : t.text),
                    ellipsize(m.member, 24).c_str());
    }
    dl->PopClipRect();

    // The position under the mouse (the projection backwards).
    if (hovered) {
        const ImVec2 mp = ImGui::GetIO().MousePos;
        const LonLatDeg ll = pr.toLonLat(mp.x, mp.y);
        ImGui::BeginTooltip();
        ImGui::Text("lon %.5f  lat %.5f", ll.lon, ll.lat);
        ImGui::EndTooltip();
    }
}

void GeoView::drawSide(Frame& f) {
    const Theme& t = f.theme;
    const inspect::GeoSnap& g = *snap_->geo;
    // The last search.
    if (!cmd_) {
        ImGui::PushStyleColor(ImGuiCol_Text, vec(t.muted));
        ImGui::TextWrapped(
            "Run GEOSEARCH %s FROMLONLAT lon lat BYRADIUS 100 km (or BYBOX, FROMMEMBER, GEORADIUS, "
            "GEODIST) to see the search on the map.",
            key_.c_str());
        ImGui::PopStyleColor();
    } else if (!cmd_->error.empty()) {
        textColored(t.error, cmd_->name + ": " + cmd_->error);
    } else if (cmd_->kind == GeoCommand::Kind::Distance && dist_to_) {
        textColored(t.path, "GEODIST " + cmd_->member + " " + cmd_->member2);
        const double d = geo::distance(cmd_->lon, cmd_->lat, dist_to_->lon, dist_to_->lat);
        ImGui::Text("%.4f %s (haversine on a %.0f m sphere)", d / cmd_->to_meters, cmd_->unit.c_str(),
                    geo::kEarthRadiusMeters);
    } else if (search_) {
        const auto& s = *search_;
        char shape[96];
        if (s.box)
            std::snprintf(shape, sizeof shape, "box %g x %g %s", s.width, s.height, s.unit.c_str());
        else
            std::snprintf(shape, sizeof shape, "radius %g %s", s.radius, s.unit.c_str());
        textColored(t.path, cmd_->name + (cmd_->from_member ? " from " + cmd_->member : std::string()) + ", " + shape);
        ImGui::TextDisabled("centre %.5f, %.5f   %zu inside", s.lon, s.lat, s.matches);
        ImGui::TextDisabled("step %d", s.step);
        ImGui::SameLine();
        if (s.step < s.estimated_step)
            ImGui::TextDisabled("(estimated %d, one less: the centre is near its cell's edge)", s.estimated_step);
        else
            ImGui::TextDisabled("(cells about as wide as the %.0f m radius)", s.radius_meters);
        if (ImGui::BeginTable("##cells", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
            ImGui::TableSetupColumn("cell");
            ImGui::TableSetupColumn("found");
            ImGui::TableSetupColumn("inside");
            ImGui::TableSetupColumn("scores [min, max)");
            ImGui::TableHeadersRow();
            for (const auto& c : s.cells) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(c.name.c_str());
                ImGui::TableNextColumn();
                if (!c.skip.empty()) {
                    ImGui::TableNextColumn();
                    ImGui::TableNextColumn();
                    ImGui::TextDisabled("skipped: %s", c.skip.c_str());
                    continue;
                }
                ImGui::Text("%zu", c.candidates.size() + c.more);
                ImGui::TableNextColumn();
                textColored(c.inside ? t.highlight : t.muted, std::to_string(c.inside));
                ImGui::TableNextColumn();
                ImGui::TextDisabled("%llu, %llu", static_cast<unsigned long long>(c.min),
                                    static_cast<unsigned long long>(c.max));
            }
            ImGui::EndTable();
        }
        ImGui::Checkbox("fit the map to the scanned cells", &fit_cells_);
    }
    ImGui::Separator();
    // The members, clipped.
    ImGui::TextDisabled("%zu members%s", g.members.size() + g.more,
                        g.more ? (" (" + std::to_string(g.members.size()) + " on the map)").c_str() : "");
    if (ImGui::BeginTable("##members", 4,
                          ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("member", ImGuiTableColumnFlags_WidthStretch, 1.4f);
        ImGui::TableSetupColumn("lon, lat", ImGuiTableColumnFlags_WidthStretch, 2.0f);
        ImGui::TableSetupColumn("geohash", ImGuiTableColumnFlags_WidthStretch, 1.4f);
        ImGui::TableSetupColumn("dist", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableHeadersRow();
        ImGuiListClipper clip;
        clip.Begin(static_cast<int>(g.members.size()));
        while (clip.Step())
            for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
                const auto& m = g.members[static_cast<size_t>(i)];
                const bool in = inside_.count(m.member) > 0;
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                textColored(in ? t.highlight : t.text, ellipsize(m.member, 20));
                ImGui::TableNextColumn();
                ImGui::Text("%.5f, %.5f", m.lon, m.lat);
                ImGui::TableNextColumn();
                ImGui::TextDisabled("%s", m.geohash.c_str());
                ImGui::TableNextColumn();
                if (cmd_ && cmd_->error.empty() && cmd_->centre_known) {
                    const double d = geo::distance(cmd_->lon, cmd_->lat, m.lon, m.lat) / cmd_->to_meters;
                    ImGui::TextDisabled("%.1f %s", d, cmd_->unit.c_str());
                }
            }
        ImGui::EndTable();
    }
}

void GeoView::drawContent(Frame& f) {
    refresh(f.state);
    if (!snap_ || !snap_->geo) {
        drawNoKey(f, "a geo set (a sorted set GEOADD filled)");
        return;
    }
    drawValueHeader(f, *snap_);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float side = std::max(300.0f * f.scale, avail.x * 0.36f);
    const float map_w = std::max(100.0f, avail.x - side - 8 * f.scale);
    drawMap(f, map_w, std::max(100.0f, avail.y - 4 * f.scale));
    ImGui::SameLine();
    ImGui::BeginChild("##geoside", ImVec2(0, 0), false);
    drawSide(f);
    ImGui::EndChild();
}

}  // namespace

std::unique_ptr<View> makeGeoView() { return std::make_unique<GeoView>(); }

}  // namespace redsim::gui
