#!/bin/sh
echo fake bootstrap
