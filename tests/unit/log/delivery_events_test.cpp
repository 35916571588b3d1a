// Delivery lines against exim4 4.96: `exim4 -C conf -odq u1@test.ex
// u2@test.ex bounce@test.ex deferme@test.ex list@test.ex` then `exim4 -C
// conf -qf`, with a redirect router "fails" (:fail: / :defer:), a redirect
// "alias" (list -> u5, u6) and an appendfile transport t1; log_selector
// unset and +all. Timestamps and [pid] cut off.
#include "log/delivery_events.hpp"

#include <gtest/gtest.h>

#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace corvid::log {
namespace {

using namespace std::chrono_literals;

const Selector kAll = Selector::all();
const Selector kDefault;

TEST(Delivery, LocalDelivery) {
  Delivered d;
  d.a = {.message_id = "1xUyZ3-0005DJ-0x",
         .address = "u5",
         .original = "list@test.ex",
         .router = "r1",
         .transport = "t1",
         .sender = "root@test.ex",
         .return_path = "root@test.ex",
         .deliver_time = 1100us};
  d.size = 314;
  d.queue_time = 11400us;
  EXPECT_EQ(d.render(kAll)->text,
            "1xUyZ3-0005DJ-0x => u5 <list@test.ex> F=<root@test.ex> P=<root@test.ex> R=r1 T=t1 "
            "S=314 QT=0.011s DT=0.001s");
  EXPECT_EQ(d.render(kDefault)->text, "1xUyZ3-0005DJ-0x => u5 <list@test.ex> R=r1 T=t1");
}

TEST(Delivery, DeferredAndFailed) {
  Deferred t;
  t.a = {.message_id = "1xUyZ3-0005DJ-0x",
         .address = "u1@test.ex",
         .router = "r1",
         .transport = "t1",
         .deliver_time = 1000us};
  t.error = -1;
  t.message = "Tainted '/tmp/ex/mail/u1' (file or directory name for t1 transport) not permitted";
  EXPECT_EQ(t.render(kAll)->text,
            "1xUyZ3-0005DJ-0x == u1@test.ex R=r1 T=t1 defer (-1) DT=0.001s: Tainted "
            "'/tmp/ex/mail/u1' (file or directory name for t1 transport) not permitted");
  Deferred r;
  r.a = {.message_id = "1xUyZ2-0005D4-0o", .address = "deferme@test.ex", .router = "fails"};
  r.error = -1;
  r.message = "mailbox busy";
  EXPECT_EQ(r.render(kDefault)->text,
            "1xUyZ2-0005D4-0o == deferme@test.ex R=fails defer (-1): mailbox busy");

  Failed f;
  f.a = {.message_id = "1xUyZ3-0005DJ-0x",
         .address = "bounce@test.ex",
         .router = "fails",
         .sender = "root@test.ex"};
  f.message = "no such mailbox";
  EXPECT_EQ(f.render(kAll)->text,
            "1xUyZ3-0005DJ-0x ** bounce@test.ex F=<root@test.ex> R=fails: no such mailbox "
            "DT=0.000s");
  EXPECT_EQ(f.render(kDefault)->text,
            "1xUyZ3-0005DJ-0x ** bounce@test.ex R=fails: no such mailbox");
  Failed x;
  x.a = {.message_id = "1xUyZ3-0005DJ-0x",
         .address = "u6@test.ex",
         .original = "list@test.ex",
         .sender = "root@test.ex"};
  x.message = "retry timeout exceeded";
  EXPECT_EQ(x.render(kAll)->text,
            "1xUyZ3-0005DJ-0x ** u6@test.ex <list@test.ex>: retry timeout exceeded");
}

TEST(Delivery, Completed) {
  Completed c{.message_id = "1xUyYw-0004e1-2n", .queue_time = 29300us};
  EXPECT_EQ(c.render(kAll)->text, "1xUyYw-0004e1-2n Completed QT=0.029s");
  EXPECT_EQ(c.render(kDefault)->text, "1xUyYw-0004e1-2n Completed");
}

}  // namespace
}  // namespace corvid::log
