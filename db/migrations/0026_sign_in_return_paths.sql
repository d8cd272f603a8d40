-- Where a member goes after signing in: the checked local path (`ReturnPath`) given when the
-- sign-in started, kept with the attempt on the server so that the callback or link never has
-- to be trusted with it. NULL means the account page.
ALTER TABLE login_tokens ADD COLUMN return_path text;
ALTER TABLE openid_attempts ADD COLUMN return_path text;
