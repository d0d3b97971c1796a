CREATE TABLE lonely (id int);
