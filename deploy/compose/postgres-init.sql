-- Run once by the postgres image on an empty volume: one database per service.
CREATE DATABASE merchant;
CREATE DATABASE catalog;
CREATE DATABASE voucher;
CREATE DATABASE gateway;
